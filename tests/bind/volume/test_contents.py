"""目录: a pre-filled TOC field of linked entries whose bookmarks sit on the headings."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx

from tests.bind.conftest import (
    VOLUME_1,
    Bundle,
    W,
)


def _toc_lines(body: bytes) -> list[tuple[str, str, str, str]]:
    """(style, link text, PAGEREF target, page shown) of the TOC paragraphs, from the one
    opening the field."""
    from lxml import etree

    lines = []
    opened = False
    for paragraph in etree.fromstring(body).iter(f"{W}p"):
        instr = "".join(t.text or "" for t in paragraph.iter(f"{W}instrText"))
        opened = opened or instr.strip().startswith("TOC ")
        found = paragraph.find(f"{W}pPr/{W}pStyle")
        style = found.get(f"{W}val") if found is not None else ""
        if not opened or not style.startswith("toc"):
            continue
        link = paragraph.find(f"{W}hyperlink")
        pageref = re.search(r"PAGEREF (\S+) \\h", instr)
        assert link is not None
        assert pageref is not None
        assert link.get(f"{W}anchor") == pageref.group(1)
        texts = [t.text or "" for t in link.iter(f"{W}t")]
        lines.append((style, "".join(texts[:-1]), pageref.group(1), texts[-1]))
    return lines


def test_toc_result_is_prefilled_with_linked_entries(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    path = out / VOLUME_1
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml")
    lines = _toc_lines(body)
    # The unnumbered 卷内目录 and 备考表 are not listed; each line shows its planned page
    # in the numbered body until a word processor computes the PAGEREF.
    assert [(style, text, page) for style, text, _, page in lines] == [
        ("toc1", "1 思想道德建设", "1"),
        ("toc2", "1.1 理想信念教育（4分）", "1"),
        ("toc2", "1.2 宣讲活动（1分）", "8"),
        ("toc2", "1.3 未成年人教育（1分）", "11"),
    ]
    assert [mark for _, _, mark, _ in lines] == [
        "_Toc_cat_1",
        "_Toc_ind_1_1",
        "_Toc_ind_1_2",
        "_Toc_ind_1_3",
    ]
    # Every entry's bookmark sits on the heading it names, once.
    document = docx.Document(path)
    marked = {}
    for paragraph in document.paragraphs:
        for start in paragraph._p.findall(f"{W}bookmarkStart"):
            marked[start.get(f"{W}name")] = paragraph.text
    for _, text, mark, _ in lines:
        assert marked[mark] == text
    ids = re.findall(r'<w:bookmarkStart w:id="(\d+)"', body.decode("utf-8"))
    assert len(ids) == len(set(ids))
    # Right-aligned page numbers after a dot leader, in the TOC styles.
    tab = document.styles["toc 2"].paragraph_format.tab_stops[0]
    assert (str(tab.alignment), str(tab.leader), round(tab.position.cm, 1)) == (
        "RIGHT (2)",
        "DOTS (1)",
        15.6,
    )
    assert document.styles["toc 1"].element.get(f"{W}customStyle") is None

"""The body written from its plan: pages begin where planned, a 件's heading line carries its
bookmark and outline level, the 归档章 floats in the top margin, merged documents keep their
pictures and hostile ones stay out."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
from PIL import Image

from civarchive.bind.build import build_volumes
from civarchive.bind.docx.compose import merge_problem
from civarchive.bind.models import Volume
from civarchive.bind.pages.models import NotRendered, PageImage, Reason, Rendered
from civarchive.bind.volume import EvidenceOptions, plan_body, write_volume
from civarchive.bind.volume.body import stamp_values
from tests.bind.conftest import Bundle, W
from tests.bind.volume.test_volume import page_starts
from tests.factories import make_docx, make_hostile_docx, make_jpeg

WHEN = dt.datetime(2023, 11, 14)


def _page_image(path: Path, size: tuple[int, int] = (1241, 1754)) -> PageImage:
    Image.new("L", size, 255).save(path)
    return PageImage(path, size[0], size[1], 150, True)


def _write(bundle: Bundle, tmp_path: Path, results: dict[str, object], **options: object) -> Path:
    volume: Volume = build_volumes(
        bundle.spec, bundle.inventory, bundle.report, bind_date=WHEN.date()
    )[0]
    evidence = EvidenceOptions(
        root=bundle.root,
        pictures=lambda item: None,
        pages=lambda item: results.get(item.path),  # type: ignore[return-value]
        merge_problem=merge_problem,
        **options,  # type: ignore[arg-type]
    )
    target = tmp_path / "卷.docx"
    write_volume(volume, plan_body(volume, evidence), target, when=WHEN)
    return target


def test_document_pages_heading_stamp_and_bookmarks(bundle: Bundle, tmp_path: Path) -> None:
    docs = [e.path for e in bundle.inventory.files if e.kind.value == "document"]
    images = [_page_image(tmp_path / f"p{n:04d}.jpg") for n in (1, 2, 3)]
    results = {
        docs[0]: Rendered(tuple(images[:1]), None, "docx"),
        docs[1]: Rendered(tuple(images), None, "pdf"),
    }
    target = _write(bundle, tmp_path, results)
    document = docx.Document(target)
    starts = page_starts(document)
    plan_doc = "1. 2023年学习计划"
    assert starts[3:8] == [
        "1 思想道德建设",
        plan_doc,
        "2. 学习计划（2022）",
        "<picture>",
        "<picture>",
    ]
    heading = next(p for p in document.paragraphs if p.text == plan_doc)
    assert heading.runs[0].bold
    assert heading._p.find(f"{W}bookmarkStart").get(f"{W}name") == "item_0001"
    assert heading._p.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "2"
    # The 归档章 follows the heading line: a 3×2 table of 8 mm rows, red, at the right.
    stamp = heading._p.getnext()
    assert stamp.tag == f"{W}tbl"
    assert stamp.find(f"{W}tblPr/{W}jc").get(f"{W}val") == "right"
    heights = [tr.find(f"{W}trPr/{W}trHeight") for tr in stamp.iter(f"{W}tr")]
    assert [(h.get(f"{W}val"), h.get(f"{W}hRule")) for h in heights] == [("454", "exact")] * 2
    cells = [t.text for t in stamp.iter(f"{W}t")]
    assert cells == ["J012", "2023", "1", "xcb", "永久", "1"]
    assert stamp.find(f"{W}tblPr/{W}tblBorders/{W}top").get(f"{W}color") == "C00000"
    # The picture after it: single spacing (never clipped), the page's whole width or less.
    pictures = [p for p in document.paragraphs if "<w:drawing" in p._p.xml]
    assert len(pictures) == 4
    for paragraph in pictures:
        assert paragraph.style.name == "页面图片"
        assert "SINGLE" in str(paragraph.style.paragraph_format.line_spacing_rule)


def test_stamp_values_come_from_the_code_parts(bundle: Bundle) -> None:
    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=WHEN.date())[0]
    assert stamp_values(volume.items[1], 3) == ["J012", "2022", "2", "xcb", "永久", "3"]


def test_a_blank_explanation_has_ruled_lines(bundle: Bundle, tmp_path: Path) -> None:
    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=WHEN.date())[1]
    options = EvidenceOptions(
        root=bundle.root, pictures=lambda item: None, final=True, allow_gaps=True
    )
    write_volume(volume, plan_body(volume, options), tmp_path / "终.docx", when=WHEN, final=True)
    document = docx.Document(tmp_path / "终.docx")
    texts = [p.text for p in document.paragraphs]
    # The blank 情况说明: a framed block, its label, then four ruled lines to write on.
    block = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("情况说明："))
    cell = block.rows[0].cells[0]
    assert cell.paragraphs[0].text == "情况说明："
    ruled = cell.paragraphs[1:]
    assert len(ruled) == 4
    assert all(p.text == "" and p._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None for p in ruled)
    assert not any(t.startswith("缺：") or "完成情况" in t for t in texts)
    assert "本卷共 0 件（1 页）：文件 0 件，照片 0 张，视频 0 个，音频 0 个。" in [
        c.text for t in document.tables for r in t.rows for c in r.cells
    ]


def test_merged_pictures_are_not_clipped(bundle: Bundle, tmp_path: Path) -> None:
    plan_doc = next(e.path for e in bundle.inventory.files if e.path.endswith(".docx"))
    photo = make_jpeg(tmp_path / "photo.jpg", size=(800, 600))
    make_docx(bundle.root / plan_doc, text="2023年理论学习计划", picture=photo)
    waiting = NotRendered(Reason.NEEDS_LIBREOFFICE, mergeable=True)
    target = _write(bundle, tmp_path, {plan_doc: waiting}, documents="full")
    document = docx.Document(target)
    texts = [p.text for p in document.paragraphs]
    assert "2023年理论学习计划（第1段）" in texts
    merged = [p for p in document.paragraphs if "<w:drawing" in p._p.xml]
    assert len(merged) == 1
    spacing = merged[0]._p.find(f"{W}pPr/{W}spacing")
    # The volume's Normal has exact 25 pt lines; the picture's paragraph says single.
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("240", "auto")
    assert str(document.styles["Normal"].paragraph_format.line_spacing_rule) == "EXACTLY (4)"


def test_hostile_docx_are_refused_with_a_note(bundle: Bundle, tmp_path: Path) -> None:
    plan_doc = next(e.path for e in bundle.inventory.files if e.path.endswith(".docx"))
    waiting = NotRendered(Reason.NEEDS_LIBREOFFICE, mergeable=True)
    for kind, options, note in (
        ("xxe", {"doctype": True}, "（正文未能并入：文件含 DTD 声明（可能不安全），请查阅原件）"),
        ("bomb", {"inflated_mb": 80}, "（正文未能并入：文件解压后过大，请查阅原件）"),
    ):
        make_hostile_docx(bundle.root / plan_doc, **options)  # type: ignore[arg-type]
        target = _write(bundle, tmp_path, {plan_doc: waiting})
        document = docx.Document(target)  # the volume always opens
        texts = [p.text for p in document.paragraphs]
        assert note in texts, kind
        with zipfile.ZipFile(target) as package:
            body = package.read("word/document.xml")
        assert b"<!DOCTYPE" not in body
        assert b"passwd" not in body

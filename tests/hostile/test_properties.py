"""Property-based checks (hypothesis): whatever the text, the spec loader gives a Spec or a
SpecError; the folder rules hold for any id; CSV cells and spec text checks never let a
dangerous character through."""

from __future__ import annotations

import contextlib
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civarchive.csvcell import FORMULA_STARTS, safe_cell
from civarchive.errors import SpecError
from civarchive.folders import matches_id
from civarchive.spec.loader import load_spec
from civarchive.spec.models import Spec
from civarchive.spec.values import check_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_YAML_PIECES = st.sampled_from(
    [
        "civarchive: 1\n", "title: 标题\n", "unit: 单位\n",
        "period: {start: 2021-01-01, end: 2023-12-31}\n", "categories:\n", "  - id: '1'\n",
        "    title: 思想\n", "    indicators:\n", "      - {id: '1.1', title: 学习}\n",
        "include: [x.yaml]\n", "a: &a [1, 2]\n", "b: *a\n", "c: *zz\n", "<<: *a\n", "- \n",
        "{", "}", "[", "]", ":", "&x ", "*x ", "!!python/object:os.system\n", "\t", "\0",
        "\x1b", "\u202e", '"\\0"', '"\\x1b"', "---\n", "...\n", "%YAML 1.1\n", "? ", "|\n",
    ]
)  # fmt: skip
_YAMLISH = st.lists(st.one_of(_YAML_PIECES, st.text(max_size=20)), max_size=40).map("".join)


@SETTINGS
@given(text=_YAMLISH)
def test_loader_gives_a_spec_or_a_spec_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "civarchive.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            spec = load_spec(path)
        except SpecError as error:
            problems = error.problems
        else:
            assert isinstance(spec, Spec)
            return
    assert problems, "a spec error always lists its problems"
    assert all(p.file for p in problems)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_loader_survives_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "civarchive.yaml"
        path.write_bytes(data)
        with contextlib.suppress(SpecError):
            load_spec(path)


_IDS = st.from_regex(r"\A[1-9A-Z][0-9]{0,2}([.\-][1-9][0-9]?){0,2}\Z")
_NAME_TAIL = st.text(min_size=0, max_size=12).filter(
    lambda t: (
        not t[:1].isdigit()
        and not (t[:1] in ".-" and t[1:2].isdigit())
        and not unicodedata.normalize("NFKC", t[:2])[:1].isdigit()
        and not (
            unicodedata.normalize("NFKC", t[:1]) in ".-"
            and unicodedata.normalize("NFKC", t[1:3])[:1].isdigit()
        )
    )
)


@SETTINGS
@given(id_=_IDS, tail=st.sampled_from([" ", "、", "_", "：", ""]), title=_NAME_TAIL)
def test_a_folder_named_by_its_id_belongs_to_it(id_: str, tail: str, title: str) -> None:
    name = id_ + tail + title
    normalized_next = unicodedata.normalize("NFKC", tail + title)[:2]
    if normalized_next[:1].isdigit() or (
        normalized_next[:1] in ".-" and normalized_next[1:2].isdigit()
    ):
        return  # the name continues the id (1.1 + 0 = 1.10): covered below
    assert matches_id(name, id_)
    assert matches_id(unicodedata.normalize("NFKC", name), id_)


@SETTINGS
@given(id_=_IDS, more=st.sampled_from(["0", "5", ".1", "-2", ".10"]), title=st.text(max_size=8))
def test_a_longer_id_never_belongs_to_the_shorter(id_: str, more: str, title: str) -> None:
    assert not matches_id(id_ + more + " " + title, id_)


@SETTINGS
@given(id_=_IDS, other=_IDS)
def test_different_ids_own_different_folders(id_: str, other: str) -> None:
    if id_ != other and not other.startswith(id_) and not id_.startswith(other):
        assert not matches_id(other + " 标题", id_)


@SETTINGS
@given(value=st.text(max_size=30))
def test_csv_cells_never_start_like_a_formula(value: str) -> None:
    cell = safe_cell(value)
    assert isinstance(cell, str)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell.endswith(value)


_REFUSED = "\x00\x01\x1b\x7f\x85\u202e\u2066\u200f\ufffe"


@SETTINGS
@given(before=st.text(max_size=10), bad=st.sampled_from(list(_REFUSED)), after=st.text(max_size=10))
def test_spec_text_with_a_refused_character_is_reported(before: str, bad: str, after: str) -> None:
    seen: list[tuple[object, ...]] = []
    check_text({"categories": [{"id": before + bad + after}]}, lambda *p: seen.append(p))
    assert seen
    assert seen[0][0] == ("categories", 0, "id")


@SETTINGS
@given(text=st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs", "S"]), max_size=30))
def test_ordinary_spec_text_passes(text: str) -> None:
    seen: list[tuple[object, ...]] = []
    check_text({"title": text, "note": text + "\n" + text}, lambda *p: seen.append(p))
    assert seen == []

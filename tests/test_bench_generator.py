"""The benchmark archive generator keeps producing the design §8 mix of real, readable files."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from civarchive.spec.loader import load_spec

BENCH = Path(__file__).resolve().parents[1] / "bench"
FILES = 200


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_archive() -> ModuleType:
    return _load("make_archive")


@pytest.fixture(scope="module")
def generated(
    make_archive: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("bench") / "archive"
    summary = make_archive.generate(root, FILES, seed=1, profile="small")
    return root, summary


def _evidence_files(root: Path) -> list[Path]:
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and p.name not in {"civarchive.yaml", "captions.csv"}
    ]


@pytest.mark.slow
def test_mix_follows_the_design(generated: tuple[Path, object]) -> None:
    root, summary = generated
    files = _evidence_files(root)

    assert len(files) == FILES
    assert summary.files == FILES
    assert summary.by_kind == Counter({"photo": 120, "document": 60, "video": 10, "junk": 10})
    suffixes = Counter(p.suffix for p in files)
    assert suffixes[".jpg"] >= 120  # photos plus the truncated JPEGs and PNGs named .jpg
    assert suffixes[".mp4"] == 10
    assert suffixes[".docx"] + suffixes[".pdf"] + suffixes[".xlsx"] >= 60
    assert summary.bytes == sum(p.stat().st_size for p in files)


def test_junk_is_present(generated: tuple[Path, object]) -> None:
    root, _ = generated
    names = [p.name for p in _evidence_files(root)]

    assert "Thumbs.db" in names
    assert any(n.startswith("~$") for n in names)
    assert any(n.endswith(".zip") for n in names)
    assert any(n.endswith(".bak") for n in names)
    assert any(
        (root / n).is_file() for n in names if n.startswith("待整理")
    )  # unassigned, at the root
    assert any(p.stat().st_size == 0 for p in _evidence_files(root))


def test_every_file_is_unique_except_deliberate_junk(generated: tuple[Path, object]) -> None:
    root, _ = generated
    evidence = [
        p for p in _evidence_files(root) if p.suffix in {".jpg", ".mp4", ".docx", ".pdf", ".xlsx"}
    ]

    contents = Counter(p.read_bytes() for p in evidence)
    assert max(contents.values()) == 1


def test_spec_validates_and_matches_the_tree(generated: tuple[Path, object]) -> None:
    root, summary = generated
    spec = load_spec(root / "civarchive.yaml")

    assert len(spec.indicators()) == summary.indicators == 300
    indicator_dirs = {
        p.name.split(" ")[0].split("、")[0].split("_")[0] for p in root.glob("*/*") if p.is_dir()
    }
    assert indicator_dirs == {i.id for _, i in spec.indicators()}


def test_photos_are_real_jpegs_with_exif_dates(generated: tuple[Path, object]) -> None:
    from PIL import Image

    root, _ = generated
    photos = sorted(root.rglob("IMG_2*.jpg"))[:10]
    assert photos
    for path in photos:
        with Image.open(path) as img:
            img.load()
            taken = img.getexif().get_ifd(0x8769)[0x9003]
            assert taken.replace(":", "").replace(" ", "_")[:15] == path.stem[4:19]
            assert img.getexif()[0x0110]  # camera model


def test_documents_and_videos_open(generated: tuple[Path, object]) -> None:
    import av
    import docx
    from pypdf import PdfReader

    root, _ = generated
    for path in list(root.rglob("*.docx"))[:5]:
        if not path.name.startswith("~$"):
            assert docx.Document(str(path)).paragraphs
    for path in list(root.rglob("*.pdf"))[:5]:
        reader = PdfReader(path)
        assert len(reader.pages) >= 1
        assert reader.metadata.title.startswith("BENCH")
    for path in list(root.rglob("*.mp4"))[:3]:
        with av.open(str(path)) as container:
            assert container.duration / 1_000_000 >= 5


def test_broken_junk_is_really_broken(generated: tuple[Path, object]) -> None:
    from PIL import Image

    root, _ = generated
    for path in root.rglob("IMG_truncated_*.jpg"):
        with Image.open(path) as img, pytest.raises(OSError, match="truncated"):
            img.load()
    for path in root.rglob("截图*.jpg"):
        with Image.open(path) as img:
            assert img.format == "PNG"


@pytest.mark.slow
def test_generation_is_deterministic(make_archive: ModuleType, tmp_path: Path) -> None:
    make_archive.generate(tmp_path / "a", 60, seed=7, profile="small", categories=3, per_category=2)
    make_archive.generate(tmp_path / "b", 60, seed=7, profile="small", categories=3, per_category=2)

    def listing(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert listing(tmp_path / "a") == listing(tmp_path / "b")


def test_zip_comment_keeps_office_files_valid(make_archive: ModuleType) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    tagged = make_archive.with_zip_comment(buf.getvalue(), b"bench 42")

    with zipfile.ZipFile(io.BytesIO(tagged)) as z:
        assert z.comment == b"bench 42"
        assert z.read("word/document.xml") == b"<w:document/>"


def test_refuses_to_replace_a_folder_it_did_not_make(
    make_archive: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "年度总结.docx").write_bytes(b"precious")

    with pytest.raises(SystemExit, match="refusing"):
        make_archive.generate(tmp_path, 10, profile="small")
    assert (tmp_path / "年度总结.docx").read_bytes() == b"precious"


def test_chinese_numerals(make_archive: ModuleType) -> None:
    assert [make_archive.chinese_numeral(n) for n in (1, 9, 10, 11, 20, 23, 30)] == [
        "一", "九", "十", "十一", "二十", "二十三", "三十",
    ]  # fmt: skip


@pytest.mark.slow
def test_command_line(
    make_archive: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli"
    argv = [
        "--files",
        "20",
        "--out",
        str(out),
        "--profile",
        "small",
        "--categories",
        "2",
        "--indicators-per-category",
        "3",
    ]

    assert make_archive.main(argv) == 0

    assert "wrote 20 files" in capsys.readouterr().err
    assert len(load_spec(out / "civarchive.yaml").indicators()) == 6
    with pytest.raises(SystemExit):
        make_archive.main(["--files", "0", "--out", str(out)])

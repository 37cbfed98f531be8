"""The bundled example: its spec validates, and the committed demo archive is what make_demo.py writes."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from civarchive.spec.loader import load_spec

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEMO = EXAMPLES / "wenming"
SPEC = DEMO / "civarchive.yaml"
MAX_DEMO_BYTES = 5_000_000


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo", EXAMPLES / "make_demo.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_demo() -> ModuleType:
    return _load_generator()


def _generated_files(root: Path, keep: frozenset[str]) -> dict[str, str]:
    """archive-relative POSIX path -> SHA-256, leaving out the hand-written files and caches."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in keep or not path.is_file():
            continue
        found[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_spec_validates_and_is_realistic() -> None:
    spec = load_spec(SPEC)

    assert spec.unit == "X市人大常委会机关"
    assert len(spec.categories) >= 8
    indicators = spec.indicators()
    assert len(indicators) >= 30
    assert sum(i.points for _, i in indicators) == pytest.approx(100)
    assert 6 <= len(spec.owners) <= 8
    assert all(i.owner is None or spec.owner(i.owner) is not None for _, i in indicators)
    not_applicable = [i for _, i in indicators if not i.applicable]
    assert len(not_applicable) == 1
    assert not_applicable[0].note
    due_dates = [i.due for _, i in indicators if i.due]
    assert all(d.year == 2023 for d in due_dates)
    assert len({d.month for d in due_dates}) >= 6  # spread over the year
    kinds = {r.kind.value for _, i in indicators for r in i.requires}
    assert kinds == {"document", "photo", "video"}
    assert any(r.per_year for _, i in indicators for r in i.requires)
    assert any(r.within for _, i in indicators for r in i.requires)
    assert any(r.min_seconds for _, i in indicators for r in i.requires)
    assert len(spec.waivers) >= 2


def test_spec_starts_with_the_schema_modeline() -> None:
    first = SPEC.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/spec.schema.json"


def test_spec_satisfies_the_checked_in_json_schema() -> None:
    import json

    import jsonschema
    import yaml

    schema = json.loads(
        (EXAMPLES.parent / "schemas" / "spec.schema.json").read_text(encoding="utf-8")
    )
    data = json.loads(json.dumps(yaml.safe_load(SPEC.read_text(encoding="utf-8")), default=str))

    jsonschema.validate(data, schema)


@pytest.mark.slow
def test_committed_demo_matches_a_fresh_generation(make_demo: ModuleType, tmp_path: Path) -> None:
    written = make_demo.build(tmp_path)

    fresh = _generated_files(tmp_path, make_demo.KEEP)
    committed = _generated_files(DEMO, make_demo.KEEP)
    assert len(written) == len(fresh)
    assert sorted(committed) == sorted(fresh), (
        "file list differs: run `python examples/make_demo.py`"
    )
    stale = [rel for rel in fresh if committed[rel] != fresh[rel]]
    assert stale == [], f"stale demo files, run `python examples/make_demo.py`: {stale}"


def test_demo_is_small_enough_to_commit() -> None:
    total = sum(
        p.stat().st_size for p in DEMO.rglob("*") if p.is_file() and ".civarchive" not in p.parts
    )
    assert total < MAX_DEMO_BYTES


def test_demo_has_the_problem_files_check_should_report() -> None:
    from PIL import Image

    png_named_jpg = DEMO / "六、单位环境/6.4 垃圾分类/分类投放点.jpg"
    with Image.open(png_named_jpg) as img:
        assert img.format == "PNG"
    with Image.open(DEMO / "六、单位环境/6.2 绿化美化/花坛.jpg") as img:
        assert img.width * img.height < 3_000_000
    with Image.open(DEMO / "六、单位环境/6.2 绿化美化/庭院绿化.jpg") as img:
        assert img.width * img.height >= 3_000_000
        assert img.getexif().get_ifd(0x8769)[0x9003] == "2022:05:06 16:00:00"
    copy = DEMO / "三、文明风尚/3.1_文明礼仪/礼仪培训现场副本.jpg"
    assert copy.read_bytes() == (copy.parent / "礼仪培训现场.jpg").read_bytes()
    gbk_sheet = (DEMO / "二、思想道德建设/２．３ 道德讲堂/说明.csv").read_bytes()
    assert "道德讲堂".encode("gbk") in gbk_sheet
    assert (DEMO / "三、文明风尚/3.9 其他").is_dir()
    assert (DEMO / "2022年机关工会活动安排.docx").is_file()
    assert any(DEMO.rglob("Thumbs.db"))
    assert any(DEMO.rglob("~$*.docx"))


def test_demo_video_is_long_enough(make_demo: ModuleType) -> None:
    import av

    video = next(DEMO.rglob("*.mp4"))
    with av.open(str(video)) as container:
        assert container.duration is not None
        seconds = container.duration / 1_000_000
        assert 10 <= seconds <= 13
        assert container.metadata["creation_time"].startswith("2023-04-12T07:00:00")


def test_generator_refuses_to_clear_a_folder_that_is_not_a_demo(
    make_demo: ModuleType, tmp_path: Path
) -> None:
    precious = tmp_path / "我的文件.docx"
    precious.write_bytes(b"keep me")

    with pytest.raises(SystemExit, match="refusing"):
        make_demo.build(tmp_path)
    assert precious.read_bytes() == b"keep me"


def test_check_reports_what_the_demo_was_built_to_show(tmp_path: Path) -> None:
    import json
    import shutil

    from typer.testing import CliRunner

    from civarchive.cli import app

    # A copy, so the scan cache lands in tmp_path and not in the repository.
    archive = tmp_path / "wenming"
    shutil.copytree(DEMO, archive, ignore=shutil.ignore_patterns(".civarchive"))
    out = tmp_path / "report.json"

    result = CliRunner().invoke(
        app, ["check", str(archive), "--as-of", "2023-07-01", "--format", "json", "-o", str(out)]
    )

    assert result.exit_code == 1, result.output  # overdue indicators are errors
    report = json.loads(out.read_text(encoding="utf-8"))
    statuses = {i["id"]: i["status"] for i in report["indicators"]}
    assert statuses["7.1"] == "not_applicable"
    assert {statuses[i] for i in ("1.1", "2.2", "2.3", "3.1", "4.1", "10.1")} == {"complete"}
    assert {statuses[i] for i in ("1.3", "2.1", "4.2", "5.1", "6.2", "8.2")} == {"partial"}
    assert {statuses[i] for i in ("1.4", "2.5", "5.3", "6.3", "9.2", "10.2")} == {"missing"}
    codes = {f["code"] for f in report["findings"]}
    assert codes >= {
        "overdue", "missing_evidence", "unassigned", "unknown_folder", "duplicate", "unused",
        "wrong_extension", "undated", "low_resolution", "missing_caption", "out_of_period",
    }  # fmt: skip
    waived = {
        (f["code"], f["path"] or f["indicator"]) for f in report["findings"] if f.get("waived")
    }
    assert waived == {
        ("out_of_period", "二、思想道德建设/2.1 理想信念教育/2020年12月创建动员会.jpg"),
        ("missing_evidence", "8.3"),
    }
    paths = " ".join(f["path"] or "" for f in report["findings"])
    for ignored in ("Thumbs.db", "~$", "草稿", "README.md", "说明.csv", "captions."):
        assert ignored not in paths

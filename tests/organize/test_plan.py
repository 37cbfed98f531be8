"""The organize plan: clear winners moved, the rest for review, names decoded and templated."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from civarchive.check import check
from civarchive.organize import build_plan
from civarchive.organize.models import Action, Candidate, Plan
from civarchive.organize.plan import decide
from civarchive.scan import scan
from civarchive.spec.loader import load_spec
from tests.factories import make_jpeg
from tests.organize.conftest import D, build_archive


def _plan(root: Path, **options: object) -> Plan:
    spec = load_spec(root / "civarchive.yaml")
    inventory = scan(root, spec=spec, jobs=1, progress=False)
    report = check(spec, inventory, as_of=dt.date(2023, 7, 1), git=False)
    return build_plan(spec, inventory, report, **options)  # type: ignore[arg-type]


def _moves(plan: Plan) -> dict[str, str]:
    return {s.source: s.target for s in plan.steps}


def test_plan_moves_clear_winners_and_lists_the_rest(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    before = sorted(p.relative_to(root) for p in root.rglob("*") if ".civarchive" not in p.parts)
    plan = _plan(root)
    moves = _moves(plan)
    assert (
        moves["待整理/群文件-2024-05-01/学雷锋志愿服务.jpg"]
        == "1 思想道德/1.1 学雷锋活动/学雷锋志愿服务.jpg"
    )
    assert (
        moves["2023年学雷锋活动总结.docx"] == "1 思想道德/1.1 学雷锋活动/2023年学雷锋活动总结.docx"
    )
    # the misfiled photo counts toward nothing in 2.2 and clearly belongs to 2.1
    assert (
        moves["2 文化活动/2.2 政务公开/端午节包粽子.jpg"]
        == "2 文化活动/2.1 传统节日/端午节包粽子.jpg"
    )
    reviewed = {r.path for r in plan.reviews}
    assert "待整理/群文件-2024-05-01/mmexport1699999999999.jpg" in reviewed
    assert all(s.reasons for s in plan.steps if Action.PLACE in s.actions)
    # nothing was touched
    after = sorted(p.relative_to(root) for p in root.rglob("*") if ".civarchive" not in p.parts)
    assert [p for p in after if p.name != ".civarchive"] == before


def test_learning_places_a_file_named_like_one_already_filed(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    path = "待整理/群文件-2024-05-01/消防演练（二）.jpg"
    assert path not in _moves(_plan(root, learn=False))
    learned = _plan(root, learn=True)
    assert learned.learned
    assert _moves(learned)[path] == "1 思想道德/1.2 消防安全/消防演练（二）.jpg"


def test_files_that_count_are_never_moved(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    sources = {s.source for s in _plan(root).steps}
    assert "1 思想道德/1.1 学雷锋活动/2022年学雷锋活动方案.docx" not in sources
    assert "1 思想道德/1.2 消防安全/消防演练.jpg" not in sources


def test_decide_needs_strong_evidence_and_a_margin() -> None:
    strong = Candidate("1.1", "a", 6.0, strong=True)
    assert decide([strong]) is strong
    assert decide([strong, Candidate("1.2", "b", 5.0, strong=True)]) is None
    assert decide([Candidate("1.1", "a", 9.0, strong=False)]) is None
    assert decide([]) is None


def test_gbk_name_is_decoded(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    folder = root / "1 思想道德" / "1.1 学雷锋活动"
    raw = "学雷锋照片.jpg".encode("gbk")
    make_jpeg(Path(os.fsdecode(os.path.join(os.fsencode(folder), raw))), taken=D(2023, 3, 5, 9))
    plan = _plan(root)
    step = next(s for s in plan.steps if Action.DECODE_NAME in s.actions)
    assert step.target == "1 思想道德/1.1 学雷锋活动/学雷锋照片.jpg"
    assert os.fsencode(step.source_os).endswith(raw)


def test_rename_to_the_template_never_makes_two_files_one_name(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    folder = root / "1 思想道德" / "1.2 消防安全"
    make_jpeg(folder / "消防演练 - 副本.jpg", taken=D(2022, 11, 9, 10), color=(1, 2, 3))
    make_jpeg(folder / "20221109-消防演练.jpg", taken=D(2022, 11, 9, 10), color=(4, 5, 6))
    plan = _plan(root, rename=True)
    targets = [s.target for s in plan.steps]
    assert len(targets) == len(set(targets))
    renamed = {s.source: s.target for s in plan.steps if Action.RENAME in s.actions}
    folder = "1 思想道德/1.2 消防安全/"
    assert {renamed[folder + "消防演练.jpg"], renamed[folder + "消防演练 - 副本.jpg"]} == {
        folder + "20221109-消防演练 (2).jpg",
        folder + "20221109-消防演练 (3).jpg",
    }
    assert "1 思想道德/1.2 消防安全/20221109-消防演练.jpg" not in renamed  # already so named


def test_wrong_extension_is_fixed_on_rename(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    png = root / "1 思想道德" / "1.2 消防安全" / "消防培训.png"
    make_jpeg(png, taken=D(2022, 11, 9, 10), color=(9, 9, 9))  # JPEG bytes named .png
    plan = _plan(root, rename=True)
    step = next(s for s in plan.steps if s.source.endswith("消防培训.png"))
    assert Action.FIX_EXTENSION in step.actions
    assert step.target.endswith("20221109-消防培训.jpg")


def test_a_rare_keyword_outweighs_a_common_one(tmp_path: Path) -> None:
    # 「方案」 is in four indicators' texts, 「雷锋」 in one: a 学雷锋 plan is 1.2's, not 1.1's.
    from tests.factories import make_docx, write_spec

    def indicator(ind_id: str, title: str, what: str, keyword: str) -> dict[str, object]:
        requires = [{"kind": "document", "what": what, "match": [keyword]}]
        return {"id": ind_id, "title": title, "requires": requires}

    root = tmp_path / "a"
    indicators = [
        indicator("1.1", "社会主义核心价值观", "核心价值观宣传教育活动方案", "方案"),
        indicator("1.2", "学雷锋活动", "学雷锋活动方案", "雷锋"),
        indicator("1.3", "我们的节日", "节日活动方案", "节日"),
        indicator("1.4", "垃圾分类", "垃圾分类实施方案", "垃圾分类"),
    ]
    write_spec(root, categories=[{"id": "1", "title": "思想道德", "indicators": indicators}])
    make_docx(root / "2023年学雷锋志愿服务活动方案.docx", created=D(2023, 3, 1))
    target = "1 思想道德/1.2 学雷锋活动/2023年学雷锋志愿服务活动方案.docx"
    assert _moves(_plan(root)) == {"2023年学雷锋志愿服务活动方案.docx": target}

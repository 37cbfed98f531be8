"""The 迎检版's refusal: every unexplained gap listed in the volumes' order, with the waivers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from civarchive.bind.final import check_final
from civarchive.check import check
from civarchive.errors import UnexplainedGaps
from civarchive.scan import scan
from civarchive.spec.loader import load_spec
from tests.factories import write_spec


def _indicator(ind_id: str, title: str, due: str) -> dict[str, object]:
    requires = [{"kind": "document", "what": f"{title}文件"}]
    return {"id": ind_id, "title": title, "due": due, "requires": requires}


def test_gaps_are_listed_in_the_specs_order_with_their_waivers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    # 1.2 is due first: the to-do list puts it first, the volumes (and this list) do not.
    indicators = [
        _indicator("1.1", "领导体制", "2023-06-30"),
        _indicator("1.2", "工作机制", "2023-03-31"),
    ]
    path = write_spec(
        tmp_path, categories=[{"id": "1", "title": "组织领导", "indicators": indicators}]
    )
    spec = load_spec(path)
    report = check(
        spec, scan(tmp_path, spec=spec, jobs=1, progress=False), as_of=dt.date(2023, 12, 1)
    )
    with pytest.raises(UnexplainedGaps) as raised:
        check_final(report)
    lines = str(raised.value).splitlines()
    assert lines[0] == "迎检版不能有未说明的缺项；以下 2 处缺项没有豁免："
    assert lines[1].startswith("  1.1 领导体制：")
    assert lines[2].startswith("  1.2 工作机制：")
    assert raised.value.exit_code == 1
    hint = raised.value.hint or ""
    assert '  - {code: overdue, indicator: "1.1", reason: "（写明原因）"}' in hint
    assert "--final --allow-gaps" in hint


def test_no_gap_no_refusal(tmp_path: Path) -> None:
    path = write_spec(tmp_path, categories=[{"id": "1", "title": "组织领导", "indicators": []}])
    spec = load_spec(path)
    check_final(check(spec, scan(tmp_path, spec=spec, jobs=1, progress=False)))

"""The organize plan table: laid out at a terminal's width, never wrapped in a file or pipe."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from civarchive.organize.models import Action, Plan, Review, Step
from civarchive.organize.render import render_plan_text

LONG = "关于" + "精神文明建设" * 10 + "的通知.docx"


def _plan() -> Plan:
    step = Step(
        source=f"待整理/{LONG}",
        target=f"一、思想道德建设/1.1 理想信念教育/{LONG}",
        actions=(Action.PLACE,),
        indicator="1.1",
        confidence=0.9,
        reasons=("题名含关键词“精神文明”",),
        size=10,
        mtime_ns=0,
        sha256=None,
        source_os=f"待整理/{LONG}",
    )
    review = Review(path=f"待整理/{LONG}", note="没有一个指标的关键词与它相符" * 3)
    return Plan(root="/archive", steps=(step,), reviews=(review,))


def test_for_a_file_or_pipe_every_line_is_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "60")  # not a terminal: not read
    text = render_plan_text(_plan())
    assert f"待整理/{LONG}" in text
    assert f"→ 一、思想道德建设/1.1 理想信念教育/{LONG}" in text
    assert f"待整理/{LONG}：{'没有一个指标的关键词与它相符' * 3}" in text


def test_on_a_terminal_the_plan_fits_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    text = render_plan_text(_plan(), width=70)
    table = text.split("需人工确认")[0]
    assert max(cell_len(line) for line in table.splitlines()) <= 70
    assert f"待整理/{LONG}" not in table  # folded across lines

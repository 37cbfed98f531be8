"""Learning from the archive's filing places more of a messy pile, and nothing wrongly."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from civarchive.organize.learn import Filing, grams
from tests.check.builders import ev

BENCH = Path(__file__).resolve().parents[2] / "bench" / "organize_pile.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("organize_pile", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["organize_pile"] = module
    spec.loader.exec_module(module)
    return module


def test_nearest_filed_name() -> None:
    filing = Filing(
        {"9.1": [ev("9.1 安全/消防演练.jpg")], "2.2": [ev("2.2 价值观/宣传栏-一楼.jpg")]}
    )
    near = filing.nearest(grams("消防演练（二）"))
    assert set(near) == {"9.1"}
    assert near["9.1"].similarity > 0.5
    assert filing.nearest(grams("消防演练"), exclude="9.1 安全/消防演练.jpg") == {}


def test_learning_places_more_of_the_pile_without_wrong_moves(tmp_path: Path) -> None:
    results = _bench().measure(tmp_path / "archive")
    without, _ = results[False]
    with_learning, _ = results[True]
    assert without["wrong"] == 0
    assert with_learning["wrong"] == 0
    assert with_learning["correct"] > without["correct"]

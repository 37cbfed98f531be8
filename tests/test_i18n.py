"""Language selection follows CIVARCHIVE_LANG, then the locale."""

from __future__ import annotations

import pytest

from civarchive.i18n import language, tr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CIVARCHIVE_LANG": "zh"}, "zh"),
        ({"CIVARCHIVE_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    for var in ("CIVARCHIVE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert language() == expected


def test_tr_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    assert tr("共 {n} 个", "{n} in all", n=3) == "3 in all"
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert tr("共 {n} 个", "{n} in all", n=3) == "共 3 个"

"""Owners are found by id or by name, the id winning, with clear errors for the rest."""

from __future__ import annotations

import pytest

from civarchive.errors import UsageError
from civarchive.spec.models import Owner
from civarchive.spec.owners import describe_owners, owner_matches, resolve_owner

OWNERS = [
    Owner(id="xcb", name="宣传部", contact="张三"),
    Owner(id="bgs", name="办公室"),
    Owner(id="gh", name="工会"),
    Owner(id="gh2", name="工会"),
    Owner(id="宣传部", name="另一个宣传部"),
]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("xcb", "xcb"),
        ("XCB", "xcb"),
        ("ｘｃｂ", "xcb"),
        ("办公室", "bgs"),
        (" 办 公 室 ", "bgs"),
        ("宣传部", "宣传部"),  # an id wins over a name
    ],
)
def test_resolve_by_id_or_name(text: str, wanted: str) -> None:
    assert resolve_owner(OWNERS, text) == wanted


def test_a_name_shared_by_two_owners_is_refused() -> None:
    assert owner_matches(OWNERS, "工会") == ["gh", "gh2"]
    with pytest.raises(UsageError) as raised:
        resolve_owner(OWNERS, "工会")
    assert raised.value.message == "the name '工会' belongs to several owners: gh, gh2"


def test_unknown_owner_lists_ids_and_names(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError) as raised:
        resolve_owner(OWNERS[:2], "财务处")
    assert raised.value.message == "unknown owner: 财务处"
    assert raised.value.hint == (
        "owners in the spec (give the id or the name): xcb (宣传部), bgs (办公室)"
    )
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert describe_owners(OWNERS[:2]) == "xcb（宣传部）、bgs（办公室）"
    assert describe_owners([]) == "（无）"

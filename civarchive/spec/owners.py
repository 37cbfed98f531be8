"""Find an owner by its id or its name: `--owner` accepts either (design §3)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from civarchive.errors import UsageError
from civarchive.folders import normalize_name
from civarchive.i18n import tr


class NamedOwner(Protocol):
    """Anything with an owner's id and name: the spec's Owner, the report's OwnerInfo."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


def owner_key(text: str) -> str:
    """The form in which ids and names are compared."""
    # 宣传部, ＸＣＢ and "xcb " all name the same owner: NFKC, case and spaces ignored.
    return "".join(normalize_name(text).casefold().split())


def owner_matches(owners: Iterable[NamedOwner], text: str) -> list[str]:
    """Ids of the owners ``text`` names: the owner whose id it is, else every owner of that name."""
    wanted = owner_key(text)
    listed = list(owners)
    by_id = [o.id for o in listed if owner_key(o.id) == wanted]
    if by_id:
        return by_id[:1]
    return [o.id for o in listed if owner_key(o.name) == wanted]


def describe_owners(owners: Sequence[NamedOwner]) -> str:
    """``xcb（宣传部）、bgs（办公室）`` / ``xcb (宣传部), bgs (办公室)``, or "(none)"."""
    if not owners:
        return tr("（无）", "(none)")
    return tr("、", ", ").join(
        tr("{i}（{n}）", "{i} ({n})", i=o.id, n=o.name) if o.name else o.id for o in owners
    )


def resolve_owner(owners: Sequence[NamedOwner], text: str) -> str:
    """The id of the owner named by ``text`` (an id or a name).

    Raises UsageError (exit 2) naming the known owners when none matches, or the candidates
    when one name belongs to several owners.
    """
    found = owner_matches(owners, text)
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(
            tr(
                "名称“{o}”对应多个责任人：{ids}",
                "the name '{o}' belongs to several owners: {ids}",
                o=text,
                ids=", ".join(found),
            ),
            hint=tr("请改用编号", "use the id instead"),
        )
    raise UsageError(
        tr("未知的责任人：{o}", "unknown owner: {o}", o=text),
        hint=tr(
            "规范中的责任人（写编号或名称均可）：{k}",
            "owners in the spec (give the id or the name): {k}",
            k=describe_owners(owners),
        ),
    )

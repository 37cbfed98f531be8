"""Folder resolution (design §3 contract): which indicator each file of the archive belongs to."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from civarchive.folders import chinese_numeral_prefix, matches_id, normalize_name
from civarchive.scan.models import Evidence, Inventory
from civarchive.spec.models import Spec

# `1.3 其他`, `2-4`, `XLF-1`: a leading id part followed by `.` or `-` and a digit.
_ID_LIKE = re.compile(r"^([0-9A-Za-z]+)[.\-]\d")


@dataclass(frozen=True, slots=True)
class Resolution:
    """Which files and folders belong to which indicator.

    ``files`` maps an indicator id to the archive-relative paths of the files under its
    folder(s), in path order; ``folders`` maps it to its folders (found ones, plus explicit
    ``folder:`` entries that do not exist yet). ``unassigned`` lists files under no
    indicator folder; ``unknown_folders`` the folders named like an id the spec lacks.
    """

    files: dict[str, list[str]]
    folders: dict[str, list[str]]
    unassigned: list[str]
    unknown_folders: list[str]
    folder_indicator: dict[str, str | None] = field(repr=False)
    # The Evidence behind ``files``, same order, so check() needs no path lookup.
    members: dict[str, list[Evidence]] = field(default_factory=dict, repr=False)
    # Files under the spec's inbox folder (import lands them there): to be sorted, not unassigned.
    inbox: list[str] = field(default_factory=list)

    def indicator_of(self, path: str) -> str | None:
        """The indicator a file (or folder entry) at ``path`` belongs to, or None."""
        parent = path.rpartition("/")[0]
        while parent and parent not in self.folder_indicator:
            parent = parent.rpartition("/")[0]
        return self.folder_indicator.get(parent) if parent else None


def _norm(text: str) -> str:
    return normalize_name(text).casefold()


def _norm_path(path: str) -> str:
    """An explicit folder or a found folder, comparable: POSIX, NFKC per segment, no ./ or trailing /."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(_norm(p) for p in parts)


class _IdIndex:
    """Ids looked up by the prefix of a folder name, so matching costs O(name length), not O(ids)."""

    def __init__(self, ids: Iterable[str]) -> None:
        self._by_prefix: dict[str, list[str]] = {}
        for id_ in ids:
            self._by_prefix.setdefault(_norm(id_), []).append(id_)
        self._lengths = sorted({len(k) for k in self._by_prefix}, reverse=True)

    def match(self, name: str) -> str | None:
        """The id (the longest, when several fit) whose folder-name rule ``name`` satisfies."""
        normalized = _norm(name)
        for length in self._lengths:
            for id_ in self._by_prefix.get(normalized[:length], ()):
                if matches_id(name, id_):
                    return id_
        return None


class _Resolver:
    """Classifies each folder once; a folder's answer is reused for every file inside it."""

    def __init__(self, spec: Spec) -> None:
        self.explicit_indicator: dict[str, str] = {}
        self.explicit_category: dict[str, str] = {}
        auto_indicators: list[str] = []
        all_indicators: list[str] = []
        auto_categories: list[str] = []
        for category in spec.categories:
            if category.folder:
                self.explicit_category.setdefault(_norm_path(category.folder), category.id)
            else:
                auto_categories.append(category.id)
            for indicator in category.indicators:
                all_indicators.append(indicator.id)
                if indicator.folders:
                    for folder in indicator.folders:
                        self.explicit_indicator.setdefault(_norm_path(folder), indicator.id)
                else:
                    auto_indicators.append(indicator.id)
        self.auto_indicators = _IdIndex(auto_indicators)
        self.any_indicator = _IdIndex(all_indicators)
        self.auto_categories = _IdIndex(auto_categories)
        self.category_numbers = {int(_norm(c)): c for c in auto_categories if _norm(c).isdecimal()}
        self.category_ids = {_norm(c.id) for c in spec.categories}
        self.is_category: dict[str, bool] = {"": False}
        self.indicator: dict[str, str | None] = {"": None}
        self.own: dict[str, str | None] = {"": None}  # the folder itself is an indicator folder
        self.unknown: list[str] = []

    def _category_match(self, name: str) -> bool:
        if self.auto_categories.match(name) is not None:
            return True
        number = chinese_numeral_prefix(name)
        return number is not None and number in self.category_numbers

    def _is_unknown(self, name: str) -> bool:
        found = _ID_LIKE.match(normalize_name(name))
        if not found or found.group(1).casefold() not in self.category_ids:
            return False
        return self.any_indicator.match(name) is None

    def visit(self, folder: str) -> None:
        """Classify ``folder`` (its parent must have been visited)."""
        parent, _, name = folder.rpartition("/")
        normalized = _norm_path(folder)
        expected_here = parent == "" or self.is_category[parent]
        category = normalized in self.explicit_category or (
            parent == "" and self._category_match(name)
        )
        own = self.explicit_indicator.get(normalized)
        if own is None and expected_here and not category:
            own = self.auto_indicators.match(name)
        if own is None and expected_here and not category and self._is_unknown(name):
            self.unknown.append(folder)
        self.is_category[folder] = category and own is None
        self.own[folder] = own
        self.indicator[folder] = own if own is not None else self.indicator[parent]


def _ancestors(paths: Iterable[str]) -> list[str]:
    """Every folder holding one of ``paths``, parents before children."""
    seen: set[str] = {""}
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder not in seen:
            seen.add(folder)
            folder = folder.rpartition("/")[0]
    seen.discard("")
    return sorted(seen, key=lambda f: (f.count("/"), f))


def resolve_folders(spec: Spec, inventory: Inventory) -> Resolution:
    """Assign every file of ``inventory`` to the deepest indicator folder holding it (design §3)."""
    resolver = _Resolver(spec)
    entries = [e.path for e in inventory.files]
    extra = [f.path for f in inventory.findings if f.path]
    # Folders without files count too: an indicator folder `init` just made is still its folder.
    empty = [f"{folder}/" for folder in inventory.folders]
    for folder in _ancestors([*entries, *extra, *empty]):
        resolver.visit(folder)

    files: dict[str, list[str]] = {i.id: [] for _, i in spec.indicators()}
    members: dict[str, list[Evidence]] = {i.id: [] for _, i in spec.indicators()}
    unassigned: list[str] = []
    inbox: list[str] = []
    inbox_prefix = _norm_path(spec.inbox) + "/"
    # The spec's front documents (bound before the volumes) belong to no indicator by design.
    front = {_norm_path(path) for path in spec.front}
    ordered = inventory.files
    if entries != sorted(entries):  # an Inventory is in path order already; cheap then
        ordered = sorted(ordered, key=lambda e: e.path)
    for item in ordered:
        indicator = resolver.indicator[item.path.rpartition("/")[0]]
        if indicator is None:
            if _norm_path(item.path) in front:
                continue
            in_inbox = _norm_path(item.path).startswith(inbox_prefix)
            (inbox if in_inbox else unassigned).append(item.path)
        else:
            files[indicator].append(item.path)
            members[indicator].append(item)

    folders: dict[str, list[str]] = {i.id: [] for _, i in spec.indicators()}
    found: dict[str, set[str]] = {}
    for folder, own in resolver.own.items():
        if own is not None:
            folders[own].append(folder)
            found.setdefault(own, set()).add(_norm_path(folder))
    for _, declaring in spec.indicators():
        for declared in declaring.folders:
            if _norm_path(declared) not in found.get(declaring.id, set()):
                # Declared but not there yet: still where the evidence is expected.
                folders[declaring.id].append(
                    "/".join(declared.replace("\\", "/").strip("/").split("/"))
                )
        folders[declaring.id].sort()

    return Resolution(
        files=files,
        folders=folders,
        unassigned=unassigned,
        unknown_folders=sorted(resolver.unknown),
        folder_indicator=resolver.indicator,
        members=members,
        inbox=inbox,
    )

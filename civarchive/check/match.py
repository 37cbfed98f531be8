"""Requirement matching: which files qualify for which requirement, and an assignment meeting the most."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from civarchive.findings import Code
from civarchive.folders import normalize_name
from civarchive.i18n import language, tr
from civarchive.kinds import KIND_LABELS_ZH, KIND_UNITS_ZH, Kind
from civarchive.scan.models import Evidence
from civarchive.spec.models import (
    CaptionPolicy,
    Defaults,
    KindDefaults,
    Period,
    Requirement,
    RequirementKind,
)

# Above this many requirements in one indicator, the exact search over subsets of
# requirements (2^k max-flow runs) gives way to a greedy, still maximal, choice.
_EXACT_LIMIT = 12

# When a file qualifies for nothing, the reason reported, most specific first (design §4).
REASON_ORDER: tuple[Code, ...] = (
    Code.OUT_OF_PERIOD,
    Code.LOW_RESOLUTION,
    Code.TOO_SHORT,
    Code.MISSING_CAPTION,
    Code.UNDATED,
)

_KIND_EN = {
    "document": "document",
    "photo": "photo",
    "video": "video",
    "audio": "audio",
    "any": "file",
}


def fold(text: str) -> str:
    """Text as keywords compare it: NFKC, unified dashes, case-folded."""
    return normalize_name(text).casefold()


@functools.lru_cache(maxsize=4096)
def parse_date(value: str) -> dt.date | int | None:
    """An evidence date: a day, a bare year (int), or None when malformed."""
    try:
        if len(value) == 4:
            return int(value)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Miss:
    """Why a file aimed at a requirement (right kind and keywords) does not count."""

    code: Code
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """A requirement with its effective window, years and defaults resolved."""

    index: int
    requirement: Requirement
    keywords: tuple[str, ...]
    window: Period | None  # None: the window does not overlap the period at all
    years: tuple[int, ...]
    defaults: Defaults

    @property
    def per_year(self) -> bool:
        return self.requirement.per_year

    def setting(self, kind: str, name: str) -> object:
        """A requirement setting, falling back to the spec's defaults for the file's kind."""
        value = getattr(self.requirement, name)
        if value is not None:
            return value
        for key in (self.requirement.kind.value, kind):
            kind_defaults: KindDefaults | None = getattr(self.defaults, key, None)
            if kind_defaults is not None and getattr(kind_defaults, name) is not None:
                return getattr(kind_defaults, name)
        return None


def make_rules(
    requirements: Sequence[Requirement], period: Period, defaults: Defaults
) -> list[Rule]:
    """Resolve each requirement's window (period ∩ within) and the calendar years it spans."""
    rules = []
    for index, requirement in enumerate(requirements):
        start, end = period.start, period.end
        if requirement.within is not None:
            start, end = max(start, requirement.within.start), min(end, requirement.within.end)
        window = Period(start=start, end=end) if start <= end else None
        years = tuple(window.years) if window else ()
        keywords = tuple(fold(k) for k in requirement.match if k.strip())
        rules.append(Rule(index, requirement, keywords, window, years, defaults))
    return rules


def kind_matches(requirement_kind: RequirementKind, kind: Kind) -> bool:
    if requirement_kind is RequirementKind.ANY:
        return kind is not Kind.OTHER
    return kind.value == requirement_kind.value


def has_caption(evidence: Evidence) -> bool:
    """A caption is a non-empty 题名 (from a caption sheet, or the EXIF title fallback)."""
    if evidence.caption is not None and (evidence.caption.title or "").strip():
        return True
    return bool((evidence.title or "").strip()) and evidence.kind is not Kind.DOCUMENT


def _keyword_hit(rule: Rule, evidence: Evidence) -> bool:
    if not rule.keywords:
        return True
    texts = [evidence.name, evidence.title or ""]
    if evidence.caption is not None:
        texts.append(evidence.caption.title or "")
    haystack = "\n".join(fold(t) for t in texts if t)
    return any(k in haystack for k in rule.keywords)


def _number(value: float) -> str:
    return f"{value:g}"


def evaluate(rule: Rule, evidence: Evidence, excused: frozenset[Code] = frozenset()) -> Miss | bool:
    """True when ``evidence`` counts for ``rule``; False when it is not aimed at it; else the Miss.

    ``excused`` holds codes a spec waiver accepts for this file: such a shortfall is overlooked.
    """
    if not kind_matches(rule.requirement.kind, evidence.kind) or not _keyword_hit(rule, evidence):
        return False
    for miss in _shortfalls(rule, evidence):
        if miss.code not in excused:
            return miss
    return True


def _shortfalls(rule: Rule, evidence: Evidence) -> Iterator[Miss]:
    """Each reason ``evidence`` falls short of ``rule``, most specific first."""
    day = parse_date(evidence.date) if evidence.date else None
    if day is None:
        if rule.per_year:
            yield Miss(Code.UNDATED)
    elif rule.window is None or not _inside(day, rule.window):
        yield Miss(Code.OUT_OF_PERIOD, _period_detail(evidence.date or "", rule))
    kind = evidence.kind.value
    if evidence.kind is Kind.PHOTO:
        need = rule.setting(kind, "min_megapixels")
        have = evidence.megapixels
        if isinstance(need, int | float) and have is not None and have < need:
            yield Miss(Code.LOW_RESOLUTION, f"{have:.1f} MP < {_number(need)} MP")
    if evidence.kind in (Kind.VIDEO, Kind.AUDIO):
        need = rule.setting(kind, "min_seconds")
        have = evidence.duration_seconds
        if isinstance(need, int | float) and have is not None and have < need:
            yield Miss(Code.TOO_SHORT, f"{have:.1f} s < {_number(need)} s")
    captioned_kind = evidence.kind in (Kind.PHOTO, Kind.VIDEO, Kind.AUDIO)
    if (
        captioned_kind
        and rule.setting(kind, "caption") == CaptionPolicy.REQUIRED
        and not has_caption(evidence)
    ):
        yield Miss(Code.MISSING_CAPTION)


def excused_shortfalls(rule: Rule, evidence: Evidence, excused: frozenset[Code]) -> list[Miss]:
    """The shortfalls a waiver overlooked for a file that counts toward ``rule``."""
    return [m for m in _shortfalls(rule, evidence) if m.code in excused]


def _inside(day: dt.date | int, window: Period) -> bool:
    if isinstance(day, int):  # a bare year counts when it overlaps the window
        return window.start.year <= day <= window.end.year
    return window.start <= day <= window.end


def _period_detail(date: str, rule: Rule) -> str:
    if rule.window is None:
        return tr(
            "{d}（要求的时间窗口不在期限内）",
            "{d} (the requirement's window lies outside the period)",
            d=date,
        )
    return f"{date} ∉ {rule.window.start.isoformat()} – {rule.window.end.isoformat()}"


def describe(requirement: Requirement) -> str:
    """``年度学习计划（文件，名称含“计划”）`` / ``年度学习计划 (document, name contains 计划)``."""
    kind = requirement.kind.value
    label = KIND_LABELS_ZH[kind] if language() == "zh" else _KIND_EN[kind]
    if requirement.match:
        words = "、".join(requirement.match)
        return tr(
            "{w}（{k}，名称含“{m}”）",
            "{w} ({k}, name contains {m})",
            w=requirement.what,
            k=label,
            m=words,
        )
    return tr("{w}（{k}）", "{w} ({k})", w=requirement.what, k=label)


def kind_noun(kind: str, count: int) -> str:
    """``4 张`` / ``4 photos``: a count with the kind's measure word or plural noun."""
    if language() == "zh":
        return f"{count} {KIND_UNITS_ZH.get(kind, '件')}"
    noun = _KIND_EN.get(kind, "file")
    if kind == "audio":
        noun = "audio file"
    return f"{count} {noun}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------- assignment


@dataclass(frozen=True, slots=True)
class Assignment:
    """The outcome for one indicator: files per requirement (path order) and per-file verdicts."""

    files: list[list[str]]  # per rule index
    years: list[dict[int, int]]  # per rule index; per_year rules only
    assigned: dict[str, int]  # path -> rule index it counts toward
    misses: dict[str, list[Miss]]  # path -> why it did not count (only files counting nowhere)


class _Matching:
    """Capacitated bipartite matching (files → requirement slots) by augmenting paths (Kuhn)."""

    def __init__(self, file_slots: list[list[int]], capacity: list[int]) -> None:
        self.file_slots = file_slots
        self.capacity = capacity
        self.slot_of = [-1] * len(file_slots)
        self.holders: list[list[int]] = [[] for _ in capacity]
        # Files with fewer options go first, so flexible files are left over as surplus
        # (and shown under their first requirement) rather than crowding out the others.
        self.order = sorted(range(len(file_slots)), key=lambda f: len(file_slots[f]))

    def _augment(self, f: int, allowed: set[int], visited: set[int]) -> bool:
        slots = [s for s in self.file_slots[f] if s in allowed and s not in visited]
        for s in slots:
            if len(self.holders[s]) < self.capacity[s]:
                self._place(f, s)
                return True
        for s in slots:
            if s in visited:
                continue
            visited.add(s)
            for g in list(self.holders[s]):
                if self._augment(g, allowed, visited):
                    self._place(f, s)
                    return True
        return False

    def _place(self, f: int, s: int) -> None:
        old = self.slot_of[f]
        if old >= 0:
            self.holders[old].remove(f)
        self.slot_of[f] = s
        self.holders[s].append(f)

    def fill(self, allowed: set[int]) -> None:
        """Augment from every unplaced file, in order, until the allowed slots are full."""
        room = sum(self.capacity[s] - len(self.holders[s]) for s in allowed)
        for f in self.order:
            if room == 0:
                return
            if self.slot_of[f] < 0 and self._augment(f, allowed, set()):
                room -= 1

    def saturated(self, allowed: set[int]) -> bool:
        return all(len(self.holders[s]) >= self.capacity[s] for s in allowed)


def assign(
    rules: Sequence[Rule],
    evidence: Sequence[Evidence],
    excused: Mapping[str, frozenset[Code]] | None = None,
) -> Assignment:
    """Count each file toward at most one requirement so that as many requirements as possible are met.

    ``evidence`` must be the countable files of one indicator in path order. Requirements
    become slots (one per year for ``per_year``) with capacity ``min``; the largest set of
    requirements whose slots can all be filled at once is found exactly by max-flow, then
    the other requirements are filled as far as possible, and remaining qualifying files
    are counted as surplus toward the first requirement they qualify for. ``excused`` maps
    a path to the shortfalls a spec waiver accepts for it.
    """
    excused = excused or {}
    slot_key: dict[tuple[int, int | None], int] = {}
    capacity: list[int] = []
    rule_slots: list[list[int]] = []
    for rule in rules:
        keys = [(rule.index, y) for y in rule.years] if rule.per_year else [(rule.index, None)]
        if (rule.per_year and not rule.years) or rule.window is None:
            keys = []
        rule_slots.append([])
        for key in keys:
            slot_key[key] = len(capacity)
            rule_slots[-1].append(len(capacity))
            capacity.append(rule.requirement.min)

    file_slots: list[list[int]] = []
    file_rules: list[list[int]] = []
    misses: dict[str, list[Miss]] = {}
    for item in evidence:
        slots: list[int] = []
        qualified: list[int] = []
        item_misses: list[Miss] = []
        for rule in rules:
            verdict = evaluate(rule, item, excused.get(item.path, frozenset()))
            if verdict is True:
                year = _year(item) if rule.per_year else None
                slot = slot_key.get((rule.index, year))
                if slot is not None:
                    slots.append(slot)
                    qualified.append(rule.index)
            elif isinstance(verdict, Miss):
                item_misses.append(verdict)
        file_slots.append(slots)
        file_rules.append(qualified)
        if not qualified:
            misses[item.path] = item_misses

    matching = _best_matching(rule_slots, file_slots, capacity)

    files: list[list[str]] = [[] for _ in rules]
    years: list[dict[int, int]] = [dict.fromkeys(r.years, 0) if r.per_year else {} for r in rules]
    assigned: dict[str, int] = {}
    slot_rule = {s: k[0] for k, s in slot_key.items()}
    slot_year = {s: k[1] for k, s in slot_key.items()}
    for f, item in enumerate(evidence):
        if not file_rules[f]:
            continue
        placed = matching.slot_of[f]
        if placed >= 0:
            rule_index, year = slot_rule[placed], slot_year[placed]
        else:  # surplus: shown under the first requirement it qualifies for
            rule_index = file_rules[f][0]
            year = _year(item) if rules[rule_index].per_year else None
        assigned[item.path] = rule_index
        files[rule_index].append(item.path)
        if year is not None:
            years[rule_index][year] += 1
    return Assignment(files=files, years=years, assigned=assigned, misses=misses)


def _year(item: Evidence) -> int | None:
    return item.year if item.date and parse_date(item.date) is not None else None


def _best_matching(
    rule_slots: list[list[int]], file_slots: list[list[int]], capacity: list[int]
) -> _Matching:
    """The matching that fills every slot of the largest feasible set of requirements, then the rest."""
    holders_possible = [0] * len(capacity)
    for slots in file_slots:
        for s in slots:
            holders_possible[s] += 1
    # A requirement with too few qualifying files on its own can never be met.
    candidates = [
        r
        for r, slots in enumerate(rule_slots)
        if slots and all(holders_possible[s] >= capacity[s] for s in slots)
    ]
    chosen = (
        _exact_choice(candidates, rule_slots, file_slots, capacity)
        if len(candidates) <= _EXACT_LIMIT
        else None
    )
    if chosen is None:
        chosen = _greedy_choice(candidates, rule_slots, file_slots, capacity)
    everything = set(range(len(capacity)))
    chosen.fill(everything)
    return chosen


def _try(
    subset: Sequence[int],
    rule_slots: list[list[int]],
    file_slots: list[list[int]],
    capacity: list[int],
) -> _Matching | None:
    allowed = {s for r in subset for s in rule_slots[r]}
    matching = _Matching(file_slots, capacity)
    matching.fill(allowed)
    return matching if matching.saturated(allowed) else None


def _exact_choice(
    candidates: list[int],
    rule_slots: list[list[int]],
    file_slots: list[list[int]],
    capacity: list[int],
) -> _Matching | None:
    for size in range(len(candidates), 0, -1):
        for subset in itertools.combinations(
            candidates, size
        ):  # lexicographic: earlier requirements first
            found = _try(subset, rule_slots, file_slots, capacity)
            if found is not None:
                return found
    return _Matching(file_slots, capacity)


def _greedy_choice(
    candidates: list[int],
    rule_slots: list[list[int]],
    file_slots: list[list[int]],
    capacity: list[int],
) -> _Matching:
    kept: list[int] = []
    best = _Matching(file_slots, capacity)
    for r in candidates:
        found = _try([*kept, r], rule_slots, file_slots, capacity)
        if found is not None:
            kept.append(r)
            best = found
    return best

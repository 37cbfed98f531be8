"""Requirement matching: which files qualify for which requirement, and an assignment meeting the most."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from civarchive.findings import Code
from civarchive.folders import normalize_name
from civarchive.i18n import language, tr
from civarchive.kinds import Kind, RequirementKind, kind_label
from civarchive.scan.dates import EvidenceDate
from civarchive.scan.models import Evidence
from civarchive.spec.models import CaptionPolicy, Defaults, KindDefaults, Period, Requirement

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


def fold(text: str) -> str:
    """Text as keywords compare it: NFKC, unified dashes, case-folded."""
    return normalize_name(text).casefold()


@dataclass(frozen=True, slots=True)
class Miss:
    """Why a file aimed at a requirement (right kind and keywords) does not count."""

    code: Code
    detail: str = ""
    # low_resolution / too_short: the measured and required values, worded only when the
    # miss is reported (most misses are not: the file counts toward another requirement).
    have: float | None = None
    need: float | None = None

    def text(self) -> str:
        """The finding's detail in the user's language."""
        if self.have is not None and self.need is not None:
            if self.code is Code.LOW_RESOLUTION:
                return _resolution_detail(self.have, self.need)
            if self.code is Code.TOO_SHORT:
                return _duration_detail(self.have, self.need)
        return self.detail


@dataclass(frozen=True, slots=True)
class Rule:
    """A requirement with its window, years and every threshold resolved once (checks run per file)."""

    index: int
    requirement: Requirement
    keywords: tuple[str, ...]
    window: Period | None  # None: the window does not overlap the period at all
    years: tuple[int, ...]
    kinds: frozenset[Kind]  # file kinds this requirement takes
    scans: bool  # a document requirement with keywords: it takes images too (design §3)
    min_megapixels: float | None  # for photos
    min_seconds: dict[Kind, float | None]  # for video and audio
    caption_required: dict[Kind, bool]  # for photo, video and audio
    per_year: bool


_MEDIA = (Kind.PHOTO, Kind.VIDEO, Kind.AUDIO)


def _settings(requirement: Requirement, defaults: Defaults, kind: Kind) -> KindDefaults:
    """The requirement's thresholds for files of ``kind``: its own value, else the spec's
    default for the requirement's kind, else for the file's kind (an ``any`` requirement
    takes a photo's default for photos)."""
    chain = (
        KindDefaults(
            min_megapixels=requirement.min_megapixels,
            min_seconds=requirement.min_seconds,
            caption=requirement.caption,
        ),
        defaults.for_kind(requirement.kind),
        defaults.for_kind(kind),
    )
    present = [c for c in chain if c is not None]
    return KindDefaults(
        min_megapixels=next(
            (c.min_megapixels for c in present if c.min_megapixels is not None), None
        ),
        min_seconds=next((c.min_seconds for c in present if c.min_seconds is not None), None),
        caption=next((c.caption for c in present if c.caption is not None), None),
    )


def _kinds(kind: RequirementKind) -> frozenset[Kind]:
    if kind is RequirementKind.ANY:
        return frozenset(k for k in Kind if k is not Kind.OTHER)
    return frozenset({Kind(kind.value)})


def make_rules(
    requirements: Sequence[Requirement], period: Period, defaults: Defaults
) -> list[Rule]:
    """Resolve each requirement's window (period ∩ within), years, kinds and thresholds."""
    rules = []
    for index, requirement in enumerate(requirements):
        start, end = period.start, period.end
        if requirement.within is not None:
            start, end = max(start, requirement.within.start), min(end, requirement.within.end)
        window = Period(start=start, end=end) if start <= end else None
        per_kind = {kind: _settings(requirement, defaults, kind) for kind in _MEDIA}
        keywords = tuple(fold(k) for k in requirement.match if k.strip())
        # A scanned or photographed document is an image: it counts toward a document
        # requirement only when the requirement names words to look for (design §3).
        scans = requirement.kind is RequirementKind.DOCUMENT and bool(keywords)
        kinds = _kinds(requirement.kind) | ({Kind.PHOTO} if scans else set())
        rules.append(
            Rule(
                index=index,
                requirement=requirement,
                keywords=keywords,
                window=window,
                years=tuple(window.years) if window else (),
                kinds=frozenset(kinds),
                scans=scans,
                min_megapixels=per_kind[Kind.PHOTO].min_megapixels,
                min_seconds={k: per_kind[k].min_seconds for k in (Kind.VIDEO, Kind.AUDIO)},
                caption_required={k: per_kind[k].caption is CaptionPolicy.REQUIRED for k in _MEDIA},
                per_year=requirement.per_year,
            )
        )
    return rules


def has_caption(evidence: Evidence) -> bool:
    """A caption is a non-empty 题名 (from a caption sheet, or the EXIF title fallback)."""
    if evidence.caption is not None and (evidence.caption.title or "").strip():
        return True
    return bool((evidence.title or "").strip()) and evidence.kind is not Kind.DOCUMENT


def _haystack(evidence: Evidence) -> str:
    """The texts keywords are looked for in: file name, title, caption title (for a photo its
    title is the caption's EXIF fallback, design §3)."""
    texts = [evidence.name, evidence.title or ""]
    if evidence.caption is not None:
        texts.append(evidence.caption.title or "")
    # Folded at once: NFKC and case-folding never join text across the line breaks.
    return fold("\n".join(t for t in texts if t))


def _number(value: float) -> str:
    return f"{value:g}"


class _File:
    """One file's facts as the checks read them, computed once per file, not once per requirement."""

    __slots__ = ("date", "evidence", "excused", "haystack", "kind")

    def __init__(self, evidence: Evidence, excused: frozenset[Code]) -> None:
        self.evidence = evidence
        self.kind = evidence.kind
        self.date = evidence.date
        self.excused = excused
        self.haystack: str | None = None


def _evaluate(rule: Rule, file: _File, overlooked: list[Miss] | None = None) -> Miss | bool:
    """The verdict, checking the most specific shortfall first (this runs per file × requirement).

    A shortfall whose code the file is excused from is skipped (and added to ``overlooked``).
    """
    kind = file.kind
    if kind not in rule.kinds:
        return False
    if rule.keywords:
        if file.haystack is None:
            file.haystack = _haystack(file.evidence)
        if not any(k in file.haystack for k in rule.keywords):
            return False
    evidence, date, excused = file.evidence, file.date, file.excused
    miss: Miss | None = None
    if date is None:
        if rule.per_year:
            return Miss(Code.UNDATED)  # never excused: there is no year to count it in
    elif rule.window is None or not date.overlaps(rule.window.start, rule.window.end):
        miss = Miss(Code.OUT_OF_PERIOD, _period_detail(date, rule))
        if miss.code not in excused:
            return miss
        if overlooked is not None:
            overlooked.append(miss)
    if kind is Kind.PHOTO and rule.scans:
        return True  # a scan filed as a document: no photo's resolution or caption rules
    if kind is Kind.PHOTO:
        need = rule.min_megapixels
        have = evidence.megapixels
        if need is not None and have is not None and have < need:
            miss = Miss(Code.LOW_RESOLUTION, have=have, need=need)
            if miss.code not in excused:
                return miss
            if overlooked is not None:
                overlooked.append(miss)
    elif kind is Kind.VIDEO or kind is Kind.AUDIO:
        need = rule.min_seconds[kind]
        have = evidence.duration_seconds
        if need is not None and have is not None and have < need:
            miss = Miss(Code.TOO_SHORT, have=have, need=need)
            if miss.code not in excused:
                return miss
            if overlooked is not None:
                overlooked.append(miss)
    if rule.caption_required.get(kind, False) and not has_caption(evidence):
        miss = Miss(Code.MISSING_CAPTION)
        if miss.code not in excused:
            return miss
        if overlooked is not None:
            overlooked.append(miss)
    return True


def excused_shortfalls(rule: Rule, evidence: Evidence, excused: frozenset[Code]) -> list[Miss]:
    """The shortfalls a waiver overlooked for a file that counts toward ``rule``."""
    overlooked: list[Miss] = []
    _evaluate(rule, _File(evidence, excused), overlooked)
    return overlooked


def _period_detail(date: EvidenceDate | None, rule: Rule) -> str:
    """``2015-01-20 不在 2021-01-01 至 2023-12-31 期间`` / ``2015-01-20 is outside 2021-01-01 – …``."""
    if rule.window is None:
        return tr(
            "{d}，但要求的时间窗口不在期限内",
            "{d}, but the requirement's window lies outside the period",
            d=str(date or ""),
        )
    return tr(
        "{d} 不在 {s} 至 {e} 期间",
        "{d} is outside {s} – {e}",
        d=str(date or ""),
        s=rule.window.start.isoformat(),
        e=rule.window.end.isoformat(),
    )


def _resolution_detail(have: float, need: float) -> str:
    # Chinese speaks of 万像素 (300 万像素), English of megapixels.
    if language() == "zh":
        return (
            f"{_number(round(have * 100, 1))} 万像素，低于 {_number(round(need * 100, 1))} 万像素"
        )
    return f"{_number(have)} MP < {_number(need)} MP"


def _duration_detail(have: float, need: float) -> str:
    return tr("{h:.1f} 秒，短于 {n} 秒", "{h:.1f} s < {n} s", h=have, n=_number(need))


def describe_requirement(requirement: Requirement) -> str:
    """``年度学习计划（文件，名称含“计划”）`` / ``年度学习计划 (document, name contains 计划)``."""
    label = kind_label(requirement.kind)
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
        # Slots a failed search visited cannot lead to a free slot until the matching
        # changes, so they stay skipped until the next success (keeps failures O(degree)).
        dead: set[int] = set()
        for f in self.order:
            if room == 0:
                return
            if self.slot_of[f] < 0 and self._augment(f, allowed, dead):
                room -= 1
                dead = set()

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
    no_excuse: frozenset[Code] = frozenset()
    # The rules that take each kind, in rule order: _evaluate would say False to the others
    # at once, and this loop runs once per file × requirement.
    rules_for: dict[Kind, list[Rule]] = {}
    for item in evidence:
        file = _File(item, excused.get(item.path, no_excuse))
        slots: list[int] = []
        qualified: list[int] = []
        item_misses: list[Miss] = []
        aimed = rules_for.get(file.kind)
        if aimed is None:
            aimed = rules_for[file.kind] = [r for r in rules if file.kind in r.kinds]
        for rule in aimed:
            verdict = _evaluate(rule, file)
            if verdict is True:
                year = _year(file) if rule.per_year else None
                slot = slot_key.get((rule.index, year))
                if slot is not None:
                    slots.append(slot)
                    qualified.append(rule.index)
                else:  # excused from out_of_period, but there is no such year to count it in
                    item_misses.append(Miss(Code.OUT_OF_PERIOD, _period_detail(item.date, rule)))
            elif verdict is not False:
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
            year = _year(_File(item, frozenset())) if rules[rule_index].per_year else None
        assigned[item.path] = rule_index
        files[rule_index].append(item.path)
        if year is not None:
            years[rule_index][year] += 1
    return Assignment(files=files, years=years, assigned=assigned, misses=misses)


def _year(file: _File) -> int | None:
    return file.date.year if file.date is not None else None


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

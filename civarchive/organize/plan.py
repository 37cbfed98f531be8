"""Build the organize plan: where each unsorted or misfiled file goes and what it is named; touches nothing."""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path

from civarchive.check.models import Report
from civarchive.check.resolve import resolve_folders
from civarchive.findings import Code, Severity
from civarchive.folders import matches_category, matches_id, safe_folder_name
from civarchive.i18n import tr
from civarchive.kinds import KIND_LABELS_ZH, Kind
from civarchive.names import (
    gbk_reading,
    has_cjk,
    is_machine_name,
    name_key,
    numbered,
    plausible_title,
    stem_and_extension,
    title_from_name,
    undo_cp437_mojibake,
    windows_safe_name,
)
from civarchive.organize.evidence import Scorer
from civarchive.organize.learn import Filing, grams
from civarchive.organize.models import Action, Candidate, Plan, Review, Step
from civarchive.scan.dates import DatePrecision
from civarchive.scan.models import Evidence, Inventory
from civarchive.scan.sniff import FORMAT_EXTENSIONS
from civarchive.scan.walk import display_path
from civarchive.spec.models import Category, Indicator, Spec
from civarchive.spec.naming import NamingFields, format_name

# A move is planned only when one indicator clearly wins: a score of at least MIN_SCORE with
# strong evidence (a keyword, a title, a learned match), MARGIN ahead of the next one.
MIN_SCORE = 3.0
MARGIN = 2.0

_YEAR_FOLDER = re.compile(r"^(19|20)\d\d\s*年?(度)?$")
_PREFERRED_EXTENSION = {"jpeg": "jpg", "tiff": "tif"}


def build_plan(
    spec: Spec,
    inventory: Inventory,
    report: Report,
    *,
    rename: bool = False,
    learn: bool = True,
    only: Collection[str] | None = None,
    chosen: Mapping[str, str] | None = None,
) -> Plan:
    """The moves and renames that file the archive's unsorted and misfiled evidence.

    Unassigned and inbox files go to the indicator their evidence clearly names; files in an
    indicator folder that count toward nothing there go to another indicator that clearly
    wins; GBK mojibake names get their Chinese reading; with ``rename``, files in indicator
    folders take the spec's ``naming`` template (and the extension of their real type). A
    file whose evidence is not clear is listed for review with its two best candidates.
    ``learn`` adds the archive's own filing as evidence; ``only`` limits the plan to those
    archive-relative paths (the files an import just landed); ``chosen`` maps paths to the
    indicator a person chose for them (``--interactive``). Nothing is touched.
    """
    planner = _Planner(spec, inventory, report, rename=rename, learn=learn, chosen=chosen or {})
    for item in inventory.files:
        if only is None or item.path in only:
            planner.visit(item)
    return Plan(
        root=inventory.root,
        steps=tuple(planner.steps),
        reviews=tuple(planner.reviews),
        learned=learn and planner.filing is not None and len(planner.filing) > 0,
    )


def decide(candidates: list[Candidate]) -> Candidate | None:
    """The candidate that clearly wins, or None (then a person decides)."""
    if not candidates:
        return None
    best = candidates[0]
    if not best.strong or best.score < MIN_SCORE:
        return None
    if len(candidates) > 1 and best.score - candidates[1].score < MARGIN:
        return None
    return best


def confidence(candidates: list[Candidate]) -> float:
    """How far the winner is ahead: 1.0 when alone, less as the runner-up comes closer."""
    if len(candidates) < 2 or candidates[0].score <= 0:
        return 1.0
    return round(max(0.0, 1 - candidates[1].score / candidates[0].score), 2)


class _Planner:
    def __init__(
        self,
        spec: Spec,
        inventory: Inventory,
        report: Report,
        *,
        rename: bool,
        learn: bool,
        chosen: Mapping[str, str],
    ) -> None:
        self.spec = spec
        self.chosen = chosen
        self.root = Path(inventory.root)
        self.rename = rename
        self.resolution = resolve_folders(spec, inventory)
        self.by_code: dict[Code, dict[str, str]] = {}
        for finding in report.findings:
            if finding.path is not None:
                self.by_code.setdefault(finding.code, {})[finding.path] = finding.message
        self.indicators = {i.id: (c, i) for c, i in spec.indicators()}
        # Files that count where they are: never moved, whatever their names suggest.
        self.counted = {p for r in report.indicators for q in r.requirements for p in q.files}
        stop = grams(f"{spec.unit} {spec.title}")
        self.filing = Filing(self._examples(), stop) if learn else None
        self.scorer = Scorer(spec, report, self.filing)
        self.folders = set(inventory.folders)
        self.taken: dict[str, set[str]] = {}
        self.steps: list[Step] = []
        self.reviews: list[Review] = []

    def _examples(self) -> dict[str, list[Evidence]]:
        """Files filed under each indicator whose filing the check did not question."""
        doubtful = set(self.by_code.get(Code.UNUSED, {})) | set(
            self.by_code.get(Code.DUPLICATE, {})
        )
        return {
            indicator: [e for e in files if e.path not in doubtful]
            for indicator, files in self.resolution.members.items()
        }

    # ------------------------------------------------------------ per file

    def visit(self, item: Evidence) -> None:
        here = self.resolution.indicator_of(item.path)
        folder = item.path.rpartition("/")[0]
        decoded = self._decoded(item)
        # A GBK name is scored by what it says, not by its mojibake.
        scored = (
            item
            if decoded is None
            else replace(item, path=f"{folder}/{decoded}" if folder else decoded)
        )
        target_folder, indicator = folder, here
        why: tuple[str, ...] = ()
        candidates: list[Candidate] = []
        if here is None:
            placed = self._place(scored, folder, item.path)
            if placed is None:
                target_folder = folder
            else:
                target_folder, indicator, why, candidates = placed
        elif item.path not in self.counted and item.path not in self.by_code.get(
            Code.DUPLICATE, {}
        ):
            refiled = self._refile(scored, here, folder, item.path)
            if refiled is not None:
                target_folder, indicator, why, candidates = refiled
        actions: list[Action] = []
        if target_folder != folder:
            actions.append(Action.PLACE if here is None else Action.REFILE)
        name = self._name(item, decoded, indicator, actions)
        if target_folder == folder and name == item.name:
            return
        if item.caption is not None and item.caption.sheet is not None:
            self.reviews.append(
                Review(
                    item.path,
                    tr(
                        "说明表 {s} 中有它的说明，移动或改名后说明会失效；请手工处理",
                        "its caption is in {s}; moving or renaming it would lose it: do it by hand",
                        s=item.caption.sheet,
                    ),
                    tuple(candidates[:2]),
                    askable=False,
                )
            )
            return
        target = self._unique(target_folder, name)
        self.steps.append(
            Step(
                source=item.path,
                target=target,
                actions=tuple(actions),
                indicator=indicator,
                confidence=confidence(candidates) if candidates else None,
                reasons=why,
                size=item.size,
                mtime_ns=item.mtime_ns,
                sha256=item.sha256,
                source_os=self._os_path(item.path),
            )
        )

    def _place(
        self, item: Evidence, folder: str, path: str
    ) -> tuple[str, str, tuple[str, ...], list[Candidate]] | None:
        """An unassigned or inbox file: its indicator folder, or None (listed for review)."""
        if item.kind is Kind.OTHER or any(f.severity is Severity.ERROR for f in item.findings):
            note = tr(
                "不是可用的证据（类型无法识别、损坏或为空），留在原处",
                "not usable evidence (unknown type, corrupt or empty); left where it is",
            )
            self.reviews.append(Review(path, note, askable=False))
            return None
        original = self.by_code.get(Code.DUPLICATE, {}).get(path)
        if original is not None:
            self.reviews.append(Review(path, original, askable=False))
            return None
        if path in self.chosen:
            return self._chosen(item, path)
        candidates = self.scorer.candidates(item, folder)
        winner = decide(candidates)
        if winner is None:
            self.reviews.append(Review(path, _review_note(candidates), tuple(candidates[:2])))
            return None
        target = self._indicator_folder(winner.indicator, item)
        return target, winner.indicator, winner.reasons, candidates

    def _refile(
        self, item: Evidence, here: str, folder: str, path: str
    ) -> tuple[str, str, tuple[str, ...], list[Candidate]] | None:
        """A file counting toward nothing in its indicator folder (unused, uncaptioned, out of
        its window…): another indicator that clearly wins, or None (left where it is)."""
        if item.kind is Kind.OTHER or any(f.severity is Severity.ERROR for f in item.findings):
            return None
        if path in self.chosen:
            return None if self.chosen[path] == here else self._chosen(item, path)
        candidates = self.scorer.candidates(item, folder)
        winner = decide(candidates)
        if winner is not None and any(c.indicator == here and c.strong for c in candidates):
            winner = None  # its own indicator has a claim too: not clearly misfiled
        if winner is None or winner.indicator == here:
            others = [c for c in candidates if c.indicator != here and c.strong]
            if others:
                self.reviews.append(
                    Review(
                        path,
                        tr(
                            "不符合所在指标的要求，可能属于其他指标",
                            "counts toward nothing here; it may belong to another indicator",
                        ),
                        tuple(candidates[:2]),
                    )
                )
            return None
        target = self._indicator_folder(winner.indicator, item)
        return target, winner.indicator, winner.reasons, candidates

    def _chosen(
        self, item: Evidence, path: str
    ) -> tuple[str, str, tuple[str, ...], list[Candidate]] | None:
        indicator = self.chosen[path]
        if indicator not in self.indicators:
            return None
        why = (tr("人工选择", "chosen by a person"),)
        return self._indicator_folder(indicator, item), indicator, why, []

    # ------------------------------------------------------------ names

    def _name(
        self, item: Evidence, decoded: str | None, indicator: str | None, actions: list[Action]
    ) -> str:
        name = item.name
        if decoded is not None:
            name = decoded
            actions.append(Action.DECODE_NAME)
        if self.rename and indicator is not None:
            renamed = self._template_name(item, name, indicator)
            if renamed is not None and renamed != name:
                name = renamed
                actions.append(Action.RENAME)
            fixed = self._real_extension(item, name)
            if fixed != name:
                name = fixed
                actions.append(Action.FIX_EXTENSION)
        return windows_safe_name(name) if name != item.name else name

    def _decoded(self, item: Evidence) -> str | None:
        if item.path in self.by_code.get(Code.BAD_NAME, {}):
            base = os.path.basename(self._os_path(item.path))
            reading = gbk_reading(os.fsencode(base))
            if reading is not None:
                return reading
        return undo_cp437_mojibake(item.name)

    def _template_name(self, item: Evidence, name: str, indicator: str) -> str | None:
        template = self.spec.naming
        if template is None or item.date is None or item.date.precision is not DatePrecision.DAY:
            return None  # a name is dated to the day, or not renamed
        day = item.date.first_day
        stem, ext = stem_and_extension(name)
        title = _title(item, stem)
        if not title:
            return None
        category, found = self.indicators[indicator]
        fields = NamingFields(
            date=day,
            title=title,
            indicator=found.id,
            indicator_title=found.title,
            category=category.id,
            kind=KIND_LABELS_ZH.get(str(item.kind), ""),
            name=stem,
        )
        try:
            made = format_name(template, fields)
        except (ValueError, TypeError, KeyError, IndexError):
            return None  # the spec loader refuses such templates; a library caller may not
        return made + ext if made else None

    def _real_extension(self, item: Evidence, name: str) -> str:
        if item.path not in self.by_code.get(Code.WRONG_EXTENSION, {}) or item.format is None:
            return name
        if item.format not in FORMAT_EXTENSIONS:
            return name
        stem, _ = stem_and_extension(name)
        return f"{stem}.{_PREFERRED_EXTENSION.get(item.format, item.format)}"

    def _unique(self, folder: str, name: str) -> str:
        """``folder/name``, numbered `` (2)``, `` (3)``… when the name is taken on disk or by
        another step (compared as Windows and macOS compare names)."""
        taken = self._taken(folder)
        candidate, number = name, 1
        while name_key(candidate) in taken:
            number += 1
            candidate = numbered(name, number)
        taken.add(name_key(candidate))
        return f"{folder}/{candidate}" if folder else candidate

    def _taken(self, folder: str) -> set[str]:
        if folder not in self.taken:
            names: set[str] = set()
            try:
                with os.scandir(self.root / folder if folder else self.root) as entries:
                    names = {name_key(display_path(e.name)) for e in entries}
            except OSError:
                pass
            self.taken[folder] = names
        return self.taken[folder]

    # ------------------------------------------------------------ folders

    def _indicator_folder(self, indicator_id: str, item: Evidence) -> str:
        """Where a file for the indicator goes: its first folder (and a year subfolder there
        when the indicator is filed by year), or the folder `init` would make for it."""
        folders = self.resolution.folders.get(indicator_id, [])
        existing = [f for f in folders if f in self.folders]
        if existing:
            base = existing[0]
        elif folders:
            base = folders[0]
        else:
            category, indicator = self.indicators[indicator_id]
            base = self._new_folder(category, indicator)
        return self._year_folder(base, item)

    def _year_folder(self, base: str, item: Evidence) -> str:
        if item.date is None:
            return base
        year = f"{item.date.year:04d}"
        prefix = base + "/"
        for folder in sorted(self.folders):
            if folder.startswith(prefix) and "/" not in folder[len(prefix) :]:
                name = folder[len(prefix) :]
                if _YEAR_FOLDER.match(name) and name.startswith(year):
                    return folder
        return base

    def _new_folder(self, category: Category, indicator: Indicator) -> str:
        top = [f for f in self.folders if "/" not in f]
        if category.folder:
            parent = category.folder
        else:
            found = sorted(f for f in top if matches_category(f, category.id))
            parent = found[0] if found else safe_folder_name(f"{category.id} {category.title}")
        for folder in sorted(self.folders):
            if folder.startswith(parent + "/") and matches_id(
                folder.rpartition("/")[2], indicator.id
            ):
                return folder
        return f"{parent}/{safe_folder_name(f'{indicator.id} {indicator.title}')}"

    def _os_path(self, path: str) -> str:
        """The relative path as the OS names it: a GBK name is shown as ``\\xb2`` escapes, so
        each such part is looked up among its folder's real names."""
        if path.isprintable() and "\\x" not in path:
            return path
        current = ""
        for part in path.split("/"):
            candidate = os.path.join(current, part) if current else part
            if not os.path.lexists(self.root / candidate):
                try:
                    names = os.listdir(self.root / current if current else self.root)
                except OSError:
                    names = []
                real = next((n for n in names if display_path(n) == part), part)
                candidate = os.path.join(current, real) if current else real
            current = candidate
        return current


def _title(item: Evidence, stem: str) -> str:
    """The 题名 a renamed file carries: caption 题名, else the name without dates, numbers and
    copy marks, else a document title when the name is machine-made; "" when none is."""
    if item.caption is not None and item.caption.title:
        return item.caption.title.strip()
    # The rules bind's 题名 follows (design §6), from names.py: one home.
    cleaned = title_from_name(stem).strip(" -_")
    if cleaned and not is_machine_name(cleaned) and (has_cjk(cleaned) or cleaned.isalpha()):
        return cleaned
    if item.title and has_cjk(item.title) and plausible_title(item.title):
        return item.title.strip()
    return ""


def _review_note(candidates: list[Candidate]) -> str:
    if not candidates:
        return tr("找不到归属的依据", "no evidence of where it belongs")
    if not candidates[0].strong:
        return tr("依据不足，需人工确认", "weak evidence: needs a person to decide")
    return tr("几个指标难分高下，需人工确认", "several indicators fit: needs a person to decide")

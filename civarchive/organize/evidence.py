"""Score where a file belongs: its words, date and folder against each indicator of the spec.

A file's evidence for an indicator, strongest first: a `match` keyword of one of its
requirements in the name or title (what `check` itself counts by); the indicator's title or
a requirement's `what` in the name; a file already filed there with a name like this one
(learn.py); shared character pairs with the indicator's texts, weighted by how rare they
are across the spec; a date inside the requirement's window, or filling a year still
short; a folder named after the indicator's owner (the department that sent it).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from civarchive.check.match import Rule, fold, make_rules
from civarchive.check.models import Report
from civarchive.i18n import tr
from civarchive.organize.learn import Filing, file_text, grams
from civarchive.organize.models import Candidate
from civarchive.scan.dates import EvidenceDate
from civarchive.scan.models import Evidence
from civarchive.spec.models import Category, Indicator, Spec

# Score parts; tuned on a generated pile of WeChat/QQ downloads (bench/organize_pile.py).
KEYWORD = 3.0
KEYWORD_PER_CHAR = 0.5
KEYWORD_RARITY = 1.5  # times the keyword's rarity across the indicators' texts (its pairs' idf)
PHRASE = 3.0
SHARED_PAIRS_CAP = 4.0
SHARED_PAIRS_WEIGHT = 0.6
LEARNED = 4.0
LEARNED_STRONG = 0.5  # share of the file's words a filed name must explain to move on it alone
OUTSIDE_WINDOW = -2.0
FILLS_YEAR = 1.0
OWNER_FOLDER = 2.0


@dataclass(frozen=True, slots=True)
class Profile:
    """An indicator as the scorer reads it."""

    category: Category
    indicator: Indicator
    rules: tuple[Rule, ...]
    title: str
    whats: tuple[str, ...]
    grams: frozenset[str]
    owner_names: tuple[str, ...]
    short_years: frozenset[int]


def _owner_names(spec: Spec, indicator: Indicator) -> tuple[str, ...]:
    owner = spec.owner(indicator.owner)
    if owner is None:
        return ()
    names = {fold(owner.name)}
    if owner.name.startswith("机关") and len(owner.name) > 3:
        names.add(fold(owner.name[2:]))  # 机关工会 is 工会 in a department's folder name
    return tuple(sorted(n for n in names if len(n) >= 2))


def _short_years(report: Report, indicator_id: str) -> frozenset[int]:
    for result in report.indicators:
        if result.id == indicator_id:
            return frozenset(y for r in result.requirements for y in r.missing_years)
    return frozenset()


def profiles(spec: Spec, report: Report) -> list[Profile]:
    """Every applicable indicator with requirements, ready to score files against."""
    out = []
    for category, indicator in spec.indicators():
        if not indicator.applicable or not indicator.requires:
            continue
        texts = [indicator.title, indicator.content or ""]
        texts += [r.what for r in indicator.requires]
        texts += [k for r in indicator.requires for k in r.match]
        out.append(
            Profile(
                category=category,
                indicator=indicator,
                rules=tuple(make_rules(indicator.requires, spec.period, spec.defaults)),
                title=fold(indicator.title),
                whats=tuple(fold(r.what) for r in indicator.requires if len(r.what) >= 2),
                grams=grams(" ".join(texts)),
                owner_names=_owner_names(spec, indicator),
                short_years=_short_years(report, indicator.id),
            )
        )
    return out


def _haystack(evidence: Evidence) -> str:
    # The texts check looks for `match` keywords in: the whole name, the title, the caption.
    texts = [evidence.name, evidence.title or ""]
    if evidence.caption is not None:
        texts.append(evidence.caption.title or "")
    return "\n".join(fold(t) for t in texts if t)


def _accepts(rule: Rule, kind: str) -> bool:
    # A scanned or photographed document counts toward a document requirement with `match`.
    return kind in rule.kinds or (
        kind == "photo" and "document" in rule.kinds and bool(rule.keywords)
    )


class Scorer:
    """Scores files against the spec's indicators (and, given a Filing, the archive's own filing)."""

    def __init__(self, spec: Spec, report: Report, filing: Filing | None = None) -> None:
        self.profiles = profiles(spec, report)
        self.filing = filing
        # The unit's and the spec's own names are in every file's name: they tell nothing.
        self.stop = grams(f"{spec.unit} {spec.title}")
        frequency = Counter(g for p in self.profiles for g in p.grams)
        count = len(self.profiles) + 1
        self._idf = {g: math.log(count / n) for g, n in frequency.items()}
        self._rarest = math.log(count)

    def candidates(self, evidence: Evidence, folder: str) -> list[Candidate]:
        """Indicators ``evidence`` may belong to, best first (score > 0 only).

        ``folder`` is the file's folder path: a department's name in it is evidence too.
        """
        kind = str(evidence.kind)
        haystack = _haystack(evidence)
        text = fold(file_text(evidence))
        found = grams(text) - self.stop
        neighbours = self.filing.nearest(found, evidence.path) if self.filing else {}
        day = evidence.date
        folded_folder = fold(folder)
        out = []
        for profile in self.profiles:
            candidate = self._score(profile, kind, haystack, text, found, day, folded_folder)
            neighbour = neighbours.get(profile.indicator.id)
            if candidate is not None and neighbour is not None:
                candidate = _with_neighbour(candidate, neighbour.similarity, neighbour.path)
            if candidate is not None and candidate.score > 0:
                out.append(candidate)
        out.sort(key=lambda c: (-c.score, c.indicator))
        return out

    def _score(
        self,
        profile: Profile,
        kind: str,
        haystack: str,
        text: str,
        found: frozenset[str],
        day: EvidenceDate | None,
        folder: str,
    ) -> Candidate | None:
        rules = [r for r in profile.rules if _accepts(r, kind)]
        if not rules:
            return None  # nothing there this kind of file could count toward
        score = 0.0
        reasons: list[str] = []
        strong = False
        # The longest keyword hit, a requirement of the file's own kind preferred in the reason.
        keyword = max(
            (
                (len(k), kind in r.kinds, k, r.requirement.what)
                for r in rules
                for k in r.keywords
                if k in haystack
            ),
            default=None,
        )
        if keyword is not None:
            score += KEYWORD + KEYWORD_PER_CHAR * min(keyword[0], 6)
            score += KEYWORD_RARITY * self._rarity(keyword[2])
            reasons.append(
                tr("含关键词“{k}”（{w}）", "has keyword “{k}” ({w})", k=keyword[2], w=keyword[3])
            )
            strong = True
        elif all(r.keywords for r in rules) and kind not in {k for r in rules for k in r.kinds}:
            return None  # a photo for document requirements, without their keyword
        phrase = next(
            (p for p in (profile.title, *profile.whats) if len(p) >= 2 and p in text), None
        )
        if phrase is not None:
            score += PHRASE
            reasons.append(tr("名称含“{p}”", "name contains “{p}”", p=phrase))
            strong = True
        shared = found & profile.grams
        if shared:
            weight = sum(self._idf.get(g, 0.0) for g in shared)
            score += SHARED_PAIRS_WEIGHT * min(weight, SHARED_PAIRS_CAP)
            if keyword is None and phrase is None and weight > 0:
                top = sorted(shared, key=lambda g: (-self._idf.get(g, 0.0), g))[:3]
                reasons.append(tr("用词相近：{g}", "similar words: {g}", g="、".join(top)))
        if day is not None:
            score += self._date_part(profile, rules, day, reasons)
        owner = next((n for n in profile.owner_names if n in folder), None)
        if owner is not None:
            score += OWNER_FOLDER
            reasons.append(tr("来自“{o}”的文件夹", "from the folder of “{o}”", o=owner))
        return Candidate(
            indicator=profile.indicator.id,
            title=profile.indicator.title,
            score=round(score, 3),
            reasons=tuple(reasons),
            strong=strong,
        )

    def _rarity(self, keyword: str) -> float:
        """How rare ``keyword``'s words are across the indicators' texts: 「雷锋」 is in one
        indicator's texts, 「方案」 in a dozen, so a file naming both belongs to the first."""
        pairs = grams(keyword)
        if not pairs:
            return 0.0
        return sum(self._idf.get(g, self._rarest) for g in pairs) / len(pairs)

    @staticmethod
    def _date_part(
        profile: Profile, rules: list[Rule], day: EvidenceDate, reasons: list[str]
    ) -> float:
        year = day.year
        inside = any(
            r.window is not None and day.overlaps(r.window.start, r.window.end) for r in rules
        )
        if not inside:
            reasons.append(tr("日期不在要求的时间范围内", "date outside the requirement's window"))
            return OUTSIDE_WINDOW
        if year in profile.short_years and any(r.per_year for r in rules):
            reasons.append(tr("可补 {y} 年的缺口", "fills the gap of {y}", y=year))
            return FILLS_YEAR
        return 0.0


def _with_neighbour(candidate: Candidate, similarity: float, path: str) -> Candidate:
    name = path.rsplit("/", 1)[-1]
    reason = tr("与已归档的“{n}”相近", "like “{n}” filed there", n=name)
    return Candidate(
        indicator=candidate.indicator,
        title=candidate.title,
        score=round(candidate.score + LEARNED * similarity, 3),
        reasons=(*candidate.reasons, reason),
        strong=candidate.strong or similarity >= LEARNED_STRONG,
    )

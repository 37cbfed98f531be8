"""`organize --interactive`: ask a person where each file the plan could not place belongs."""

from __future__ import annotations

from rich.console import Console
from rich.prompt import Prompt

from civarchive.display import printable
from civarchive.i18n import tr
from civarchive.organize.models import Plan
from civarchive.organize.render import candidate_text
from civarchive.spec.models import Spec

_QUIT = {"q", "quit", "退出"}


def ask(plan: Plan, spec: Spec, console: Console) -> dict[str, str]:
    """For each file left for review, the indicator a person picks: a candidate's number, an
    indicator id, Enter to leave it, q to stop asking. Returns path -> indicator id."""
    known = {i.id for _, i in spec.indicators()}
    chosen: dict[str, str] = {}
    reviews = [r for r in plan.reviews if r.askable]
    for number, review in enumerate(reviews, 1):
        console.print(f"[{number}/{len(reviews)}] {printable(review.path)}", markup=False)
        console.print(f"  {review.note}", markup=False)
        for index, candidate in enumerate(review.candidates, 1):
            console.print(f"  {index}. {candidate_text(candidate)}", markup=False)
        while True:
            answer = Prompt.ask(
                tr(
                    "  放到哪个指标？（候选序号或指标编号；回车跳过，q 结束）",
                    "  which indicator? (candidate number or indicator id; Enter skips, q stops)",
                ),
                console=console,
                default="",
                show_default=False,
            ).strip()
            if not answer:
                break
            if answer.lower() in _QUIT:
                return chosen
            if answer.isdigit() and 1 <= int(answer) <= len(review.candidates):
                chosen[review.path] = review.candidates[int(answer) - 1].indicator
                break
            if answer in known:
                chosen[review.path] = answer
                break
            console.print(
                tr("  没有这个指标：{a}", "  no such indicator: {a}", a=answer), markup=False
            )
    return chosen

"""The selection wizard: the result page with five answers, and a saved shortlist reopened.

The answers are drawn from real tools so that every request finds something (an empty result would
skip work and flatter the numbers): one of a tool's purposes and another purpose, one of its kinds
of material, offline use and a free tool (required when the tool has them, preferred otherwise),
and the hardware. That is four requirements and up to four preferences, as an officer would answer.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .registry import BenchContext, page

SUITE = "wizard"
SAMPLE = 200
RESULTS_P95_MS = 100.0  # the target for the wizard's result page


@dataclass(frozen=True)
class WizardInputs:
    answers: list[list[tuple[str, str]]]  # five answers each, as URL parameters


def inputs(ctx: BenchContext) -> WizardInputs:
    return ctx.memo(SUITE, lambda: _inputs_from_database(ctx))


def _inputs_from_database(ctx: BenchContext) -> WizardInputs:
    from tools_catalog.models import Purpose, Tool
    from wizard.selectors import CAPACITY_FIT, FREE_COSTS, OFFLINE

    rng = ctx.rng
    ids = list(Tool.objects.published().order_by("pk").values_list("pk", flat=True))
    sample = set(rng.sample(ids, min(SAMPLE, len(ids))))
    tools = (
        Tool.objects.filter(pk__in=sample)
        .prefetch_related("purposes", "media_types", "deployment_options", "cost_models")
        .order_by("pk")
    )
    every_purpose = sorted(Purpose.objects.values_list("slug", flat=True))
    answers = []
    for tool in tools:
        purposes = sorted(p.slug for p in tool.purposes.all())
        media = sorted(m.slug for m in tool.media_types.all())
        deployment = {d.slug for d in tool.deployment_options.all()}
        costs = {c.slug for c in tool.cost_models.all()}
        if not purposes or not media:
            continue
        chosen = {rng.choice(purposes), rng.choice(every_purpose)}
        pairs = [("purpose", slug) for slug in sorted(chosen)]
        pairs.append(("media", rng.choice(media)))
        pairs.append(("offline", "must" if OFFLINE in deployment else "prefer"))
        pairs.append(("budget", "free" if costs & set(FREE_COSTS) else "prefer-free"))
        pairs.append(("capacity", rng.choice(sorted(CAPACITY_FIT))))
        answers.append(pairs)
    rng.shuffle(answers)
    return WizardInputs(answers)


def _cycle(items: list, i: int):
    if not items:
        raise LookupError("The bench data has nothing to ask for here.")
    return items[i % len(items)]


@page("wizard_results", "Wizard, five answers", suite=SUITE, target_p95_ms=RESULTS_P95_MS)
def wizard_results(ctx: BenchContext, i: int) -> str:
    sort = ("match", "name", "maturity", "verified")[i % 4]
    query = urlencode([*_cycle(inputs(ctx).answers, i), ("sort", sort)])
    return f"{reverse('wizard:results')}?{query}"


@page("shortlist_reopen", "Shortlist reopened", suite=SUITE, target_p95_ms=RESULTS_P95_MS)
def shortlist_reopen(ctx: BenchContext, i: int) -> str:
    shortlists = ctx.memo(f"{SUITE}:shortlists", lambda: _shortlists(ctx))
    return reverse("wizard:shortlist", args=[_cycle(shortlists, i)])


def _shortlists(ctx: BenchContext) -> list[int]:
    """A few shortlists of the signed-in officer, saved from the inputs above."""
    from django.utils import timezone

    from tools_catalog import selectors
    from wizard import selectors as wizard
    from wizard import services

    snapshot = selectors.taxonomy_snapshot("en")
    seed = selectors.fair_seed(ctx.user, timezone.localdate())
    saved = []
    for pairs in inputs(ctx).answers[:8]:
        answers = {name: [v for n, v in pairs if n == name] for name, _value in pairs}
        criteria = wizard.criteria_from(answers, snapshot)
        found = wizard.wizard_results(criteria, snapshot=snapshot, seed=seed)
        if 0 < found.total <= services.SHORTLIST_MAX_TOOLS:
            shortlist = services.shortlist_save(
                owner=ctx.user, name="Bench shortlist", notes="", results=found, sort="match"
            )
            saved.append(shortlist.pk)
    return saved

"""The provider's side of the portal: starting a tool or a new revision, drafting its details and
answers, and sending it for review."""

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from hub.models import Organisation, Role, User
from hub.outbox.services import notice_send
from tools_catalog.models import RESERVED_TOOL_SLUGS, Maturity, Tool, TrainingLink, YesNoUnknown
from tools_catalog.services import tool_index_refresh

from .. import selectors, technical
from ..models import Answer, Question, ToolRevision, all_languages
from .common import SubmissionError, audit, portal_link, provider_users


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "tool"
    if base in RESERVED_TOOL_SLUGS:
        base = f"{base}-tool"
    slug, number = base, 2
    while Tool.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def tool_draft_create(
    *, organisation: Organisation, name: str, by: User, request: HttpRequest | None = None
) -> ToolRevision:
    """A provider starts describing a new tool: a hidden draft tool and its first submission."""
    tool = Tool.objects.create(
        name=name,
        slug=_unique_slug(name),
        provider=organisation,
        summary="",
        country="",
        origin=Tool.Origin.SUBMITTED,
        status=Tool.Status.DRAFT,
    )
    revision = ToolRevision.objects.create(
        tool=tool,
        number=1,
        kind=ToolRevision.Kind.NEW,
        proposed=technical.empty_proposal(name=name),
        question_set=selectors.active_question_set(),
        created_by=by,
    )
    audit(action="started", revision=revision, by=by, request=request)
    return revision


@transaction.atomic
def revision_start(*, tool: Tool, by: User) -> ToolRevision:
    """The open submission of the tool, or a new one that starts from what is there now.

    Changes to a published tool start from the live details and answers; a tool that was never
    published starts again from its last submission (one that staff rejected, for instance).
    """
    tool = Tool.objects.select_for_update().get(pk=tool.pk)
    current = selectors.open_revision(tool)
    if current is not None:
        return current
    if tool.status in (Tool.Status.SUSPENDED, Tool.Status.REMOVED):
        raise SubmissionError("suspended and removed tools are not edited by providers")
    previous = selectors.last_revision(tool)
    live = selectors.live_revision(tool)
    never_published = tool.published_at is None and tool.status != Tool.Status.PUBLISHED
    if never_published and previous is not None:
        proposed, source = dict(previous.proposed), previous
    else:
        proposed, source = technical.tool_snapshot(tool), live
    number = (ToolRevision.objects.filter(tool=tool).aggregate(n=Max("number"))["n"] or 0) + 1
    revision = ToolRevision.objects.create(
        tool=tool,
        number=number,
        kind=ToolRevision.Kind.NEW if never_published else ToolRevision.Kind.CHANGE,
        proposed=proposed,
        question_set=selectors.active_question_set(),
        created_by=by,
    )
    if source is not None:
        answers_carry_over(
            answers=list(source.answers.all()), from_set_id=source.question_set_id, target=revision
        )
    shared_answers_sync(revision=revision)
    return revision


def question_asked(question: Question, section_title: dict[str, str]) -> dict:
    """The question as it is asked now, in every language: copied into the answer."""
    return {
        "section": section_title,
        "question": all_languages(question, "text"),
        "choices": {
            choice.key: all_languages(choice, "label") for choice in question.choices.all()
        },
    }


def _valid_value(question: Question, value):
    """``value`` if it still fits ``question`` (its kind and choices), else empty."""
    keys = {choice.key for choice in question.choices.all()}
    if question.kind == Question.Kind.MULTIPLE:
        return [key for key in value if key in keys] if isinstance(value, list) else []
    if question.kind == Question.Kind.SINGLE:
        return value if value in keys else ""
    if question.kind == Question.Kind.YES_NO:
        return value if value in YesNoUnknown.values else ""
    return value if isinstance(value, str) else ""


def answers_carry_over(
    *, answers: list[Answer], from_set_id: int | None, target: ToolRevision
) -> None:
    """Copy answers into ``target``'s question set, matching questions by key.

    An answer to the same version is copied as it is; into another version it is asked again in
    that version's words, and dropped if the question is gone or no longer takes that answer.
    """
    outline = selectors.question_set_outline(target.question_set)
    questions = {question.key: question for question in outline.questions()}
    sections = {question.pk: (index, section) for index, section in enumerate(outline.sections)
                for question in section.question_list}  # fmt: skip
    same_version = from_set_id == target.question_set_id
    copies = []
    for answer in answers:
        question = questions.get(answer.question_key)
        if question is None or question.kind != answer.kind:
            continue
        value = _valid_value(question, answer.value)
        if not technical.is_filled(value) and not answer.explanation:
            continue
        index, section = sections[question.pk]
        copies.append(
            Answer(
                revision=target,
                question=question,
                section_key=section.key,
                section_position=index,
                question_key=question.key,
                question_position=outline.numbers[question.pk],
                kind=question.kind,
                asked=answer.asked
                if same_version
                else question_asked(question, all_languages(section, "title")),
                value=value,
                explanation=answer.explanation,
            )
        )
    Answer.objects.bulk_create(copies)


# Drafting -----------------------------------------------------------------------------------------


def _editable(revision: ToolRevision) -> ToolRevision:
    revision = ToolRevision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_editable:
        raise SubmissionError("this submission is not open for editing")
    return revision


@transaction.atomic
def technical_section_save(*, revision: ToolRevision, values: dict) -> ToolRevision:
    """Save one section of the technical questionnaire into the draft (other sections stay)."""
    revision = _editable(revision)
    revision.proposed = {**revision.proposed, **values}
    revision.save(update_fields=["proposed", "updated_at"])
    shared_answers_sync(revision=revision)
    return revision


def shared_answers_sync(*, revision: ToolRevision) -> None:
    """Ethics questions that the technical questionnaire already asks take its answer.

    Providers answer such a question once, in the technical questionnaire; the ethics answer is
    written from it, so that officers and staff read it where both questionnaires need it.
    """
    outline = selectors.question_set_outline(revision.question_set)
    existing = selectors.revision_answers(revision)
    for index, section in enumerate(outline.sections):
        title = all_languages(section, "title")
        for question in section.question_list:
            if not question.technical_field:
                continue
            value, explanation = technical.shared_answer(
                question.technical_field, revision.proposed
            )
            _answer_save(
                revision, existing.get(question.key), question, outline, index, title,
                _valid_value(question, value), explanation,
            )  # fmt: skip


def _answer_save(revision, answer, question, outline, index, title, value, explanation) -> None:
    """Write one answer (with the question as asked now), or delete it when it is empty."""
    if not technical.is_filled(value) and not explanation:
        if answer is not None:
            answer.delete()
        return
    fields = {
        "question": question,
        "section_key": outline.sections[index].key,
        "section_position": index,
        "question_position": outline.numbers[question.pk],
        "kind": question.kind,
        "asked": question_asked(question, title),
        "value": value,
        "explanation": explanation,
    }
    if answer is None:
        Answer.objects.create(revision=revision, question_key=question.key, **fields)
        return
    changed = [name for name, field_value in fields.items() if getattr(answer, name) != field_value]
    if changed:
        for name in changed:
            setattr(answer, name, fields[name])
        answer.save()


def _merged(kept: str, carried: str) -> str:
    """Text that was given in both places: the kept answer, then the other one if it differs."""
    kept, carried = (kept or "").strip(), (carried or "").strip()
    if not carried or carried in kept:
        return kept
    if not kept:
        return carried
    return f"{kept}\n\n{carried}"


@transaction.atomic
def shared_answers_carry() -> int:
    """Answers that providers gave to an ethics question which the technical questionnaire now
    asks instead move into the technical answer of every open submission, so that none is lost.

    Text is kept (both texts when they differ); a yes / no answer fills an empty or "not known"
    technical answer, and its explanation joins the technical details. Idempotent. Returns how
    many submissions changed.
    """
    changed = 0
    shared = Answer.objects.filter(
        revision__state__in=ToolRevision.OPEN_STATES,
        question__technical_field__gt="",
    ).select_related("question", "revision")
    by_revision: dict[int, list[Answer]] = {}
    for answer in shared:
        by_revision.setdefault(answer.revision_id, []).append(answer)
    for answers in by_revision.values():
        revision = ToolRevision.objects.select_for_update().get(pk=answers[0].revision_id)
        proposed = dict(revision.proposed)
        for answer in answers:
            name = answer.question.technical_field
            value = answer.value if isinstance(answer.value, str) else ""
            if answer.kind == Question.Kind.YES_NO:
                if proposed.get(name) in ("", None, YesNoUnknown.UNKNOWN) and value:
                    proposed[name] = value
            else:
                proposed[name] = _merged(proposed.get(name, ""), value)
            details = technical.DETAILS_FIELDS.get(name)
            if details and answer.explanation:
                proposed[details] = _merged(proposed.get(details, ""), answer.explanation)
        if proposed != revision.proposed:
            revision.proposed = proposed
            revision.save(update_fields=["proposed", "updated_at"])
            changed += 1
        shared_answers_sync(revision=revision)
    return changed


@transaction.atomic
def ethics_section_save(
    *, revision: ToolRevision, section_key: str, answers: dict[str, tuple[object, str]]
) -> ToolRevision:
    """Save the answers to one section; each keeps the question as it is asked now."""
    revision = _editable(revision)
    outline = selectors.question_set_outline(revision.question_set)
    section = outline.section(section_key)
    if section is None:
        raise SubmissionError(f"no section {section_key}")
    index = outline.sections.index(section)
    title = all_languages(section, "title")
    existing = selectors.revision_answers(revision)
    for question in section.question_list:
        if question.technical_field:
            continue  # answered in the technical questionnaire
        value, explanation = answers.get(question.key, ("", ""))
        _answer_save(
            revision, existing.get(question.key), question, outline, index, title, value,
            explanation,
        )  # fmt: skip
    revision.save(update_fields=["updated_at"])
    return revision


@transaction.atomic
def revision_discard(*, revision: ToolRevision, by: User) -> None:
    """The provider drops proposed changes to a published tool; the live version stays."""
    revision = _editable(revision)
    if revision.kind != ToolRevision.Kind.CHANGE:
        raise SubmissionError("only proposed changes to a published tool can be discarded")
    revision.state = ToolRevision.State.DISCARDED
    revision.save(update_fields=["state", "updated_at"])
    audit(action="discarded", revision=revision, by=by)


# Sending for review -------------------------------------------------------------------------------


@transaction.atomic
def revision_submit(
    *, revision: ToolRevision, by: User, request: HttpRequest | None = None
) -> ToolRevision:
    """Send a complete submission to staff review; the provider's users and staff are told."""
    revision = _editable(revision)
    outline = selectors.question_set_outline(revision.question_set)
    progress = selectors.completeness(revision, outline, selectors.revision_answers(revision))
    if not progress.is_complete:
        raise SubmissionError("required answers are missing")
    now = timezone.now()
    revision.state = ToolRevision.State.IN_REVIEW
    revision.submitted_at, revision.submitted_by = now, by
    revision.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    tool = Tool.objects.select_for_update().get(pk=revision.tool_id)
    if tool.status in (Tool.Status.DRAFT, Tool.Status.IN_REVIEW) and tool.published_at is None:
        # Never published, so nobody but staff sees the tool's row: it may hold the proposal now,
        # which lets staff read the complete tool in the catalogue's admin too.
        tool_apply(tool=tool, data=revision.proposed)
        Tool.objects.filter(pk=tool.pk).update(status=Tool.Status.IN_REVIEW)
    audit(action="submitted", revision=revision, by=by, request=request)
    for user in provider_users(tool.provider):
        notice_send(
            user=user,
            title=_("%(tool)s was sent to the hub team for review") % {"tool": revision.name},
            body=_(
                "The hub team reviews every submission before officers can see it. You will hear "
                "from us when they decide."
            ),
            link=portal_link(tool),
            dedupe_key=f"submitted:{revision.pk}:{now:%Y%m%d%H%M%S}:{user.pk}",
        )
    review_url = reverse("admin:questionnaires_toolrevision_change", args=[revision.pk])
    for user in User.objects.filter(is_staff=True, is_active=True, role=Role.STAFF):
        notice_send(
            user=user,
            title=_("To review: %(tool)s from %(provider)s")
            % {"tool": revision.name, "provider": tool.provider.name},
            link=review_url,
            dedupe_key=f"to-review:{revision.pk}:{now:%Y%m%d%H%M%S}:{user.pk}",
        )
    return revision


# Publishing the details ---------------------------------------------------------------------------


def tool_apply(*, tool: Tool, data: dict) -> Tool:
    """Write the technical questionnaire's values into the tool, then refresh the catalogue index."""
    for name in technical.PLAIN_FIELDS:
        if name in data:
            value = data[name] or ""
            if name in ("used_by_other_agencies", "independently_evaluated", "collects_user_data"):
                value = value or YesNoUnknown.UNKNOWN
            setattr(tool, name, value)
    if "country" in data:
        tool.country = data["country"] or ""
    for name in technical.TRANSLATED_FIELDS:
        for code in technical.LANGUAGE_FIELDS:
            key = f"{name}_{code}"
            if key in data:
                setattr(tool, key, data[key] or "")
    for name in technical.LIST_FIELDS:
        if name in data:
            setattr(tool, name, list(data[name] or []))
    if "maturity" in data:
        tool.maturity = Maturity.objects.filter(slug=data["maturity"]).first()
    tool.save()
    for name, model in technical.TAXONOMY_FIELDS.items():
        if name in data:
            getattr(tool, name).set(model.objects.filter(slug__in=data[name] or []))
    if "training_links" in data:
        links = [(link["title"], link["url"]) for link in data["training_links"] or []]
        current = list(tool.training_links.values_list("title", "url"))
        if links != current:
            tool.training_links.all().delete()
            TrainingLink.objects.bulk_create(
                TrainingLink(tool=tool, title=title, url=url) for title, url in links
            )
    # The catalogue's facet keys and search documents read the many-to-many values: refresh last.
    tool_index_refresh(tool=tool)
    return tool

"""The ethics question bank: activating a version and copying one to edit."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hub.models import User

from ..models import QuestionSet, ToolRevision, all_languages
from .common import SubmissionError
from .revisions import answers_carry_over, shared_answers_sync


@transaction.atomic
def question_set_activate(*, question_set: QuestionSet, by: User | None = None) -> int:
    """Make a draft version the one providers answer; the previous one retires.

    Drafts that providers are still writing move to the new version, keeping the answers to the
    questions it still asks (by key). Returns how many drafts moved.
    """
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    if not question_set.is_draft:
        raise SubmissionError("only a draft version can be activated")
    now = timezone.now()
    QuestionSet.objects.filter(status=QuestionSet.Status.ACTIVE).update(
        status=QuestionSet.Status.RETIRED, retired_at=now
    )
    question_set.status, question_set.activated_at = QuestionSet.Status.ACTIVE, now
    question_set.save(update_fields=["status", "activated_at"])
    moved = 0
    drafts = ToolRevision.objects.filter(state__in=ToolRevision.EDITABLE_STATES).exclude(
        question_set=question_set
    )
    for revision in drafts.select_for_update():
        answers = list(revision.answers.all())
        from_set_id = revision.question_set_id
        revision.answers.all().delete()
        revision.question_set = question_set
        revision.save(update_fields=["question_set", "updated_at"])
        answers_carry_over(answers=answers, from_set_id=from_set_id, target=revision)
        shared_answers_sync(revision=revision)
        moved += 1
    return moved


@transaction.atomic
def question_set_copy(*, question_set: QuestionSet) -> QuestionSet:
    """A new draft version with the same sections, questions and choices, for staff to edit."""
    version = (QuestionSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    copy = QuestionSet.objects.create(
        version=version,
        status=QuestionSet.Status.DRAFT,
        **{f"title_{code}": value for code, value in all_languages(question_set, "title").items()},
        **{f"intro_{code}": value for code, value in all_languages(question_set, "intro").items()},
    )
    for section in question_set.sections.prefetch_related("questions__choices"):
        new_section = copy.sections.create(
            key=section.key,
            position=section.position,
            **{f"title_{c}": v for c, v in all_languages(section, "title").items()},
            **{f"intro_{c}": v for c, v in all_languages(section, "intro").items()},
        )
        for question in section.questions.all():
            new_question = new_section.questions.create(
                key=question.key,
                kind=question.kind,
                required=question.required,
                position=question.position,
                technical_field=question.technical_field,
                **{f"text_{c}": v for c, v in all_languages(question, "text").items()},
                **{f"help_text_{c}": v for c, v in all_languages(question, "help_text").items()},
            )
            for choice in question.choices.all():
                new_question.choices.create(
                    key=choice.key,
                    position=choice.position,
                    **{f"label_{c}": v for c, v in all_languages(choice, "label").items()},
                )
    return copy

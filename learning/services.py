"""Writes of the learning centre: an officer's progress. Every write sets a state, so repeating it
(a double click, a form sent again) changes nothing."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.models import User

from .models import (
    ChecklistItem,
    ChecklistTick,
    LearningPath,
    PathStep,
    Resource,
    ResourceCompletion,
    StepCompletion,
)


def _ensure(model, **fields) -> bool:
    """Create the row unless it exists; True if this call created it. Safe against a race."""
    if model.objects.filter(**fields).exists():
        return False
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:  # the same request, sent twice at once
        return False
    return True


def resource_mark_done(*, user: User, resource: Resource, done: bool = True) -> bool:
    """Mark (or unmark) a resource as done for this person. True if anything changed."""
    if done:
        return _ensure(ResourceCompletion, user=user, resource=resource)
    deleted, _ = ResourceCompletion.objects.filter(user=user, resource=resource).delete()
    return bool(deleted)


def checklist_item_tick(*, user: User, item: ChecklistItem, ticked: bool = True) -> bool:
    """Tick (or untick) one checklist item for this person. True if anything changed."""
    if ticked:
        return _ensure(ChecklistTick, user=user, item=item)
    deleted, _ = ChecklistTick.objects.filter(user=user, item=item).delete()
    return bool(deleted)


def step_mark_read(*, user: User, step: PathStep, read: bool = True) -> bool:
    """Mark (or unmark) a guidance step without a checklist as read. True if anything changed."""
    if read:
        return _ensure(StepCompletion, user=user, step=step)
    deleted, _ = StepCompletion.objects.filter(user=user, step=step).delete()
    return bool(deleted)


@transaction.atomic
def path_progress_save(
    *,
    user: User,
    path: LearningPath,
    steps: Iterable[PathStep],
    ticked_item_ids: Iterable[int],
    done_step_ids: Iterable[int],
) -> int:
    """Make this person's progress on ``path`` exactly what the path's form shows.

    ``steps`` are the steps the person saw (those of ``path`` they may follow). ``ticked_item_ids``
    are the checklist items ticked; ``done_step_ids`` the steps without a checklist marked done (a
    resource studied, or guidance read). Ids that belong to none of ``steps`` are ignored, and
    nobody else's progress is touched. Returns how many ticks and marks changed.
    """
    steps = [step for step in steps if step.path_id == path.pk]
    wanted_items = set(ticked_item_ids)
    wanted_done = set(done_step_ids)
    now = timezone.now()

    items = [item for step in steps for item in step.items.all()]
    have = set(
        ChecklistTick.objects.filter(user=user, item__in=items).values_list("item_id", flat=True)
    )
    add = [item for item in items if item.pk in wanted_items and item.pk not in have]
    remove = [item.pk for item in items if item.pk not in wanted_items and item.pk in have]
    ChecklistTick.objects.bulk_create(
        [ChecklistTick(user=user, item=item, ticked_at=now) for item in add],
        ignore_conflicts=True,
    )
    ChecklistTick.objects.filter(user=user, item_id__in=remove).delete()
    changed = len(add) + len(remove)

    for step in steps:
        if step.resource_id:
            changed += resource_mark_done(
                user=user, resource=step.resource, done=step.pk in wanted_done
            )
        elif not step.items.all():
            changed += step_mark_read(user=user, step=step, read=step.pk in wanted_done)
    return changed

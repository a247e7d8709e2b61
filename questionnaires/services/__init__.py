"""Writes of the provider portal: drafts, answers, submission, staff review, re-confirmation and the
ethics question bank, one module each."""

from .common import SubmissionError
from .question_bank import question_set_activate, question_set_copy
from .reconfirmation import reconfirmation_reminders_send, tool_confirm
from .review import revision_assign, revision_decide
from .revisions import (
    ethics_section_save,
    revision_discard,
    revision_start,
    revision_submit,
    shared_answers_carry,
    shared_answers_sync,
    technical_section_save,
    tool_apply,
    tool_draft_create,
)

__all__ = [
    "SubmissionError",
    "ethics_section_save",
    "question_set_activate",
    "question_set_copy",
    "reconfirmation_reminders_send",
    "revision_assign",
    "revision_decide",
    "revision_discard",
    "revision_start",
    "revision_submit",
    "shared_answers_carry",
    "shared_answers_sync",
    "technical_section_save",
    "tool_apply",
    "tool_confirm",
    "tool_draft_create",
]

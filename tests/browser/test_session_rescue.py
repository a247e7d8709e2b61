"""In a real Chromium: a provider's answer survives a session that ends while they write it.

The provider types an answer, stays on the page for forty minutes (the clock moves, for the live
server too), presses Save into the ended session, logs in again with password and code, and lands
back on the same section with the answer in the field and a message; they press Save, and it is
stored.
"""

import time

import pytest
import time_machine
from django.urls import reverse

from questionnaires.models import ToolRevision
from tests.browser.journey import PASSWORD, fresh_code, log_in, path_of, submit
from tests.factories import make_provider
from tests.questionnaires.factories import make_draft, make_question_set

pytestmark = pytest.mark.browser

ANSWER = "Hash lists from three agencies; no images were used to train anything."


def _answers(revision: ToolRevision) -> dict:
    return {answer.question.key: answer.value for answer in revision.answers.all()}


def test_an_answer_typed_into_an_ending_session_is_kept_until_saved(page, live_site, csp):
    make_question_set()
    provider = make_provider(password=PASSWORD)
    revision = make_draft(provider)
    section = reverse("provider:ethics_section", args=[revision.tool_id, "data"])
    csp.watch(page)
    log_in(page, live_site, provider, section)
    assert "If you stay inactive, your session ends at" in page.locator("main form").inner_text()

    page.fill("#id_training_data", ANSWER)
    page.check('input[name="data_lawful"][value="yes"]')
    with time_machine.travel(time.time() + 40 * 60, tick=True):
        submit(page, page.locator('main form button[name="then"][value="stay"]'))

        assert path_of(page) == reverse("account_login")
        assert "what you typed has been kept" in page.locator(".messages").inner_text()
        assert "training_data" not in _answers(revision)

        page.fill("#id_login", provider.email)
        page.fill("#id_password", PASSWORD)
        submit(page, page.locator(f'main form[action="{reverse("account_login")}"] button'))
        assert path_of(page) == reverse("mfa_verify")
        page.fill("#id_token", fresh_code(provider))
        submit(page, page.locator(f'main form[action="{reverse("mfa_verify")}"] button'))

        assert path_of(page) == section
        assert page.locator("#id_training_data").input_value() == ANSWER
        assert page.locator('input[name="data_lawful"][value="yes"]').is_checked()
        assert (
            "Your session had ended; what you typed has been kept. Check it and save again."
            in page.locator(".messages").inner_text()
        )
        assert "training_data" not in _answers(revision)  # not saved behind the person's back

        submit(page, page.locator('main form button[name="then"][value="stay"]'))

    assert path_of(page) == section
    assert _answers(revision)["training_data"] == ANSWER
    assert _answers(revision)["data_lawful"] == "yes"
    assert page.locator("#id_training_data").input_value() == ANSWER
    assert not csp.violations

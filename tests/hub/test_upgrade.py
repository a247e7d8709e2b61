"""The services that create accounts moved from hub.services into hub.accounts.services; a database
made before the move keeps working.

The form tokens (hub.core.idempotency) recorded before the move name the service by its old path
(``hub.services.officer_apply``). The upgrade brings them over, so an application form shown and
sent before the upgrade, and sent again after it (the back button, a reload), still makes one
account, and nobody is told that their own address is already in use.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from hub.models import SubmissionToken, User

from .test_double_submit import APPLICATIONS, location

BEFORE_THE_MOVE = [("hub", "0007_user_sessions_ended_at")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("make_form", APPLICATIONS, ids=lambda f: f.__name__)
def test_an_application_sent_before_the_upgrade_and_again_after_it_makes_one_account(
    make_form, public_pages, mailoutbox
):
    client = Client()
    form = make_form(client)

    # The previous release: the database before the move, and the form sent once ...
    _migrate(BEFORE_THE_MOVE)
    first = location(client.post(form.action, form.fields()))
    # ... recorded under the name the previous release gave its service.
    token = SubmissionToken.objects.get(token=form.token)
    service = token.action.rsplit(".", 1)[-1]
    SubmissionToken.objects.filter(pk=token.pk).update(action=f"hub.services.{service}")

    _migrate(_latest())  # the upgrade
    again = location(client.post(form.action, form.fields()))

    assert first == again == form.answer(form.created().get())
    assert User.objects.filter(email=form.data["email"]).count() == 1
    assert [message.to for message in mailoutbox] == [[form.data["email"]]]

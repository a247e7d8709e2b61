"""The shortlists moved from the catalogue app into the wizard's own app; a database made before the
move keeps working.

The form tokens (hub.idempotency) recorded before the move name the catalogue app: its service
(``tools_catalog.services.shortlist_save``) and the content type of the shortlist it made. The
upgrade brings them over, so a shortlist form shown and sent before the upgrade, and sent again
after it (the back button, a reload), still makes one shortlist.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.factories import make_officer
from wizard.models import Shortlist

from .wizard_factories import make_wizard_tool, signed_in

BEFORE_THE_MOVE = [("wizard", "0001_initial")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_shortlist_form_sent_before_the_upgrade_and_again_after_it_makes_one_shortlist():
    officer = make_officer(name="Amina Analyst")
    make_wizard_tool("Field Kit", purposes=["hash-matching"])
    client = signed_in(officer)
    results = client.get(reverse("wizard:results"), {"purpose": "hash-matching"})
    token = re.search(r'name="submission_token" value="([^"]+)"', results.content.decode()).group(1)
    save = reverse("wizard:shortlist_new") + "?purpose=hash-matching"
    form = {"name": "Hash tools", "notes": "", "submission_token": token}

    # The previous release: the database before the move, and the form sent once.
    _migrate(BEFORE_THE_MOVE)
    first = client.post(save, form)
    shortlist = Shortlist.objects.get()
    # ... recorded under the names the previous release gave (the service and the model were
    # the catalogue app's then).
    old_type, _created = ContentType.objects.get_or_create(
        app_label="tools_catalog", model="shortlist"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hub_submissiontoken SET action = %s, content_type_id = %s WHERE token = %s",
            ["tools_catalog.services.shortlist_save", old_type.pk, token],
        )

    _migrate(_latest())  # the upgrade
    again = client.post(save, form)

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] == shortlist.get_absolute_url()
    assert Shortlist.objects.count() == 1

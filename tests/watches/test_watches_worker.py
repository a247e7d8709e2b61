"""Watches against real parts: the matching runs in a Celery worker process on Redis, after the
publication commits, and a duplicated task writes nothing twice."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import Notice
from tests.factories import login_verified, make_officer, make_staff
from tests.hub.person import PASSWORD, csrf, log_in
from tests.wizard.wizard_factories import make_wizard_tool
from tests.workers import needs_worker, wait_for
from watches.models import Watch, WatchChange
from watches.tasks import watches_match

TOOLS = reverse("admin:tools_catalog_tool_changelist")


@pytest.fixture
def worker(start_worker):
    return start_worker()


@needs_worker
def test_a_worker_tells_each_watcher_once_after_the_publication_commits(worker):
    make_wizard_tool("Known Before", deployment=["offline-air-gapped"], analysis=["ar"])
    officers = [make_officer(password=PASSWORD) for _n in range(3)]
    for officer in officers:
        client = Client()
        log_in(client, officer)
        page = client.get(reverse("tools:catalogue") + "?deployment=offline-air-gapped")
        client.post(
            reverse("watches:search"),
            {"query": "deployment=offline-air-gapped", "frequency": "none",
             "csrfmiddlewaretoken": csrf(page)},
        )  # fmt: skip
    assert Watch.objects.count() == 3
    draft = make_wizard_tool("Worker Lens", status="draft", deployment=["offline-air-gapped"])

    staff = login_verified(Client(), make_staff())
    staff.post(TOOLS, {"action": "publish", "index": "0", "_selected_action": [draft.pk]})
    watches_match.delay([draft.pk])  # a duplicate, as a retry or the beat's catch-up would send

    told = Notice.objects.filter(dedupe_key__startswith="watch:")
    assert wait_for(lambda: told.count() == 3)
    time.sleep(2)  # give a duplicate the chance to show up
    assert sorted(told.values_list("user_id", flat=True)) == sorted(o.pk for o in officers)
    assert WatchChange.objects.filter(tool=draft).count() == 3

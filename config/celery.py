"""The hub's Celery application: configured from Django settings (namespace ``CELERY``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The hub app keeps its tasks in its rooms rather than in hub/tasks.py.
app.autodiscover_tasks(["hub.outbox", "hub.personal_data"])

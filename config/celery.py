"""The hub's Celery application: configured from Django settings (namespace ``CELERY``)."""

import os

from celery import Celery, signals

from hub.ops import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The hub app keeps its tasks in its rooms rather than in hub/tasks.py.
app.autodiscover_tasks(["hub.outbox", "hub.personal_data"])


@signals.setup_logging.connect
def _logging_as_configured_in_settings(**kwargs) -> None:
    """Workers log as the web processes do (settings.LOGGING: JSON lines with the request id)
    rather than in Celery's own format."""


# A task queued while a request runs carries the request's id, and its logs say so.
signals.before_task_publish.connect(logs.task_headers_add_request_id, weak=False)
signals.task_prerun.connect(logs.task_request_id_set, weak=False)
signals.task_postrun.connect(logs.task_request_id_clear, weak=False)

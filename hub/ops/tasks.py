"""Operations' Celery task: the workers' heartbeat, scheduled every minute by the beat."""

from celery import shared_task

from .heartbeat import heartbeat_record


@shared_task(name="hub.tasks.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    heartbeat_record()

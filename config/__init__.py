"""The Django project: settings, the root URLconf, the Celery application and the WSGI entry point.

Product code lives in the apps (``hub/``, ``tools_catalog/``, ...); nothing here holds a rule of
the hub. The Celery application is imported here so that ``shared_task`` binds to it.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)

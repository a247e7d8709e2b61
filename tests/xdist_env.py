"""Loaded before Django's settings (``python -m pytest -p tests.xdist_env``, as ``make test`` does):
each pytest-xdist worker gets a Redis database of its own, so that one worker's ``cache.clear()`` or
queued tasks never reach another. pytest-django already gives each worker its own test database."""

import os
from urllib.parse import urlsplit, urlunsplit

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, ...
_url = os.environ.get("REDIS_URL")
if _worker.startswith("gw") and _url:
    _parts = urlsplit(_url)
    _base = int(_parts.path.strip("/") or 0)
    os.environ["REDIS_URL"] = urlunsplit(_parts._replace(path=f"/{_base + 1 + int(_worker[2:])}"))

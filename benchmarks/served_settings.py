"""The hub as gunicorn serves it in the benchmark: the hub's settings with the production handling
of static files (hashed names, brotli and gzip copies written by collectstatic, served by
whitenoise with long cache lifetimes) and debugging off. The database is the bench database
(DATABASE_URL, set by benchmarks.database)."""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import STORAGES, VAR_DIR

DEBUG = False
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT") or VAR_DIR / "bench" / "static")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False

# The Global Hub: one image for the web server (gunicorn), the Celery worker and Celery beat.
#
#   docker build -t global-hub .
#   docker run -p 8000:8000 -e DATABASE_URL=... -e REDIS_URL=... -e SECRET_KEY=... global-hub
#
# Every setting comes from the environment (see config/settings.py); docker-compose.yml wires the
# production shape (proxy, two web replicas, worker, beat, release step). Nothing secret is baked
# into the image. `python manage.py release` runs once per release, before the servers start.
FROM python:3.11-slim

ARG UV_VERSION=0.13.8

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    PATH=/app/.venv/bin:$PATH \
    HUB_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    WEB_CONCURRENCY=2

WORKDIR /app

# uv from PyPI; no compilers or system libraries are needed (psycopg[binary] ships wheels). The
# PostgreSQL client (pg_dump, pg_restore) is for `manage.py backup` and `restore`.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && pip install "uv==${UV_VERSION}"

# Dependencies first, from the lock file only, so this layer is reused until uv.lock changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

# The project itself (see .dockerignore for what stays out).
COPY . .

# Static files are collected (and compressed, with a manifest) at build time. The key only lets the
# settings load in production mode for this one command; it is random and thrown away.
RUN HUB_ENV=production \
    ALLOWED_HOSTS=build \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    python manage.py collectstatic --noinput \
    && rm -rf /app/var && mkdir -p /app/var/media

# An unprivileged user. The code stays owned by root (read-only to the app); only HUB_VAR_DIR, where
# the development secret key and uploaded media live, and STATIC_ROOT, which the release step
# refreshes when it is a volume shared with the proxy, are writable.
RUN groupadd --system --gid 10001 hub \
    && useradd --system --uid 10001 --gid hub --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin hub \
    && chown -R hub:hub /app/var /app/staticfiles
USER hub:hub

EXPOSE 8000

# /healthz answers 200 when the database answers. The Host header is the first ALLOWED_HOSTS entry
# so the check also passes in production, where only the real domain is allowed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; h = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('*.') or 'localhost'; r = u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4); sys.exit(0 if r.status == 200 else 1)"]

# Workers come from WEB_CONCURRENCY (default 2, for a 2-core machine); each runs 4 threads.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--threads", "4", "--timeout", "60", "--graceful-timeout", "30", "--keep-alive", "5", "--max-requests", "1000", "--max-requests-jitter", "100", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "--error-logfile", "-"]

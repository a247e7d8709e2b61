"""Operations: what lets operators see the hub's health.

Readiness (``/readyz``), one structured log line per request with a request id that follows the
request into background tasks, Prometheus metrics (``/metrics``), the workers' heartbeat and error
reports to Sentry.
"""

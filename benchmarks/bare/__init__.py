"""The yardstick of the throughput benchmark: a bare Django project with one view returning a small
HTML page, no database, served by the same gunicorn configuration as the hub."""

"""Prometheus metrics (/metrics): what they count, and who may read them."""

import os
import uuid
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from prometheus_client.parser import text_string_to_metric_families

from hub.models import OutboxEmail
from hub.ops.tasks import worker_heartbeat
from tests.deploy.gunicorn_process import gunicorn
from tests.factories import make_officer, make_staff

PASSWORD = "Correct-horse-battery-2026"
PUBLIC = "203.0.113.9"


def _samples(text: str) -> dict[tuple, float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _scrape(client) -> dict[tuple, float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return _samples(response.content.decode())


def _value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_view_and_status_and_the_outbox_backlog_is_read(client, db):
    before = _scrape(client)
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page/")
    now = timezone.now()
    for minutes in (0, 5, 12):
        OutboxEmail.objects.create(
            to="officer@agency.example",
            template="devices_reset",
            language="en",
            subject="s",
            body_text="t",
            body_html="h",
            created_at=now - timedelta(minutes=minutes),
        )
    OutboxEmail.objects.create(
        to="sent@agency.example", template="devices_reset", language="en", subject="s",
        body_text="t", body_html="h", state=OutboxEmail.State.SENT,
        created_at=now - timedelta(hours=3),
    )  # fmt: skip

    after = _scrape(client)

    def grew(name: str, **labels) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert grew("hub_http_request_duration_seconds_count", view="healthz") == 2
    assert grew("hub_http_request_duration_seconds_count", view="<unmatched>") == 1
    assert grew("hub_http_responses_total", status="404") == 1
    assert grew("hub_http_responses_total", status="200") >= 2
    assert not any("no-such-page" in str(key) for key in after)  # paths are never labels
    assert _value(after, "hub_outbox_pending_emails") == 3
    assert 12 * 60 <= _value(after, "hub_outbox_oldest_pending_age_seconds") < 13 * 60


def _not_found_like_any_page(client, response) -> None:
    unknown = client.get("/no-such-page/")
    assert response.status_code == 404
    assert [t.name for t in response.templates] == [t.name for t in unknown.templates]


def test_a_forwarded_public_address_gets_a_404(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.2")  # the TLS proxy, on the private network

    _not_found_like_any_page(proxy, proxy.get("/metrics", HTTP_X_FORWARDED_FOR=PUBLIC))
    # A client that writes a private address itself is still judged by the proxy's entry.
    response = proxy.get("/metrics", HTTP_X_FORWARDED_FOR=f"10.1.1.1, {PUBLIC}")
    assert response.status_code == 404
    # Prometheus inside the private network, through the same proxy.
    assert proxy.get("/metrics", HTTP_X_FORWARDED_FOR="192.168.4.20").status_code == 200


def test_without_a_trusted_proxy_the_forwarded_header_is_not_believed(db):
    direct = Client(REMOTE_ADDR=PUBLIC)

    _not_found_like_any_page(direct, direct.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1"))
    assert Client(REMOTE_ADDR="::1").get("/metrics").status_code == 200


def _log_in(client: Client, user, *, with_code: bool) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if with_code:
        device = TOTPDevice.objects.get(user=user)
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
        assert client.post("/mfa/verify/", {"token": code}).status_code == 302


def test_from_outside_only_staff_who_gave_their_code_may_read_the_metrics(db):
    staff, officer = make_staff(password=PASSWORD), make_officer(password=PASSWORD)

    verified_staff = Client(REMOTE_ADDR=PUBLIC)
    _log_in(verified_staff, staff, with_code=True)
    assert verified_staff.get("/metrics").status_code == 200

    staff_without_code = Client(REMOTE_ADDR=PUBLIC)
    _log_in(staff_without_code, staff, with_code=False)
    _not_found_like_any_page(staff_without_code, staff_without_code.get("/metrics"))

    verified_officer = Client(REMOTE_ADDR=PUBLIC)
    _log_in(verified_officer, officer, with_code=True)
    _not_found_like_any_page(verified_officer, verified_officer.get("/metrics"))


def test_a_failed_login_is_counted(client, db):
    officer = make_officer(password=PASSWORD)
    before = _value(_scrape(client), "hub_login_failures_total")

    response = Client().post("/accounts/login/", {"login": officer.email, "password": "wrong-one"})
    assert response.status_code == 200  # the form again, with its error

    assert _value(_scrape(client), "hub_login_failures_total") == before + 1


def test_several_gunicorn_workers_report_one_sum(tmp_path):
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    with gunicorn(tmp_path, workers=2, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir)) as hub:
        for _ in range(12):
            assert hub.get("/readyz").status == 503  # nothing is migrated in this database
        scraped = hub.get("/metrics")

    # Whichever process answered the scrape, it counted the requests every process served.
    assert scraped.status == 200
    samples = _samples(scraped.body.decode())
    assert _value(samples, "hub_http_request_duration_seconds_count", view="readyz") == 12
    assert list(metrics_dir.glob("histogram_*.db"))


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI's second pass)")
def test_the_celery_queue_depth_is_read_from_redis(client, db):
    from config.celery import app

    queue = f"test-metrics-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        for _ in range(3):
            worker_heartbeat.delay()  # no worker listens on this queue: the tasks wait
        samples = _scrape(client)
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        redis.Redis.from_url(settings.REDIS_URL).delete(queue)

    assert _value(samples, "hub_celery_queue_length", queue=queue) == 3

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PUBLIC_PAGES = ["home", "about", "principles", "report", "privacy", "terms"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_in_every_language(client, public_pages, name, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert _h1_count(html) == 1
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert response["Content-Language"] == language


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_send_a_strict_content_security_policy(client, public_pages, name):
    response = client.get(reverse(name))

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_language_switcher_works_without_javascript(client, public_pages):
    response = client.post(reverse("set_language"), {"language": "ar", "next": reverse("about")})

    assert response.status_code == 302
    assert response["Location"] == reverse("about")
    page = client.get(reverse("about")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_language_switcher_refuses_to_send_people_elsewhere(client, public_pages):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://elsewhere.example/"}
    )

    assert "elsewhere.example" not in response["Location"]


def test_untranslated_text_falls_back_to_english_with_a_marker(client, public_pages):
    from hub.models import PageVersion

    version = PageVersion.objects.get(page__slug="about")
    version.body_fr = ""
    version.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    html = client.get(reverse("about")).content.decode()

    assert version.body_en in html
    assert 'class="prose" lang="en" dir="ltr"' in html
    assert 'class="untranslated"' in html


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert _h1_count(html) == 1
    assert "Page not found" in html
    assert "Traceback" not in html


def test_server_error_page_shows_no_stack_trace(client, db, settings):
    from django.contrib.auth.decorators import login_not_required
    from django.urls import path

    @login_not_required
    def broken(request):
        raise RuntimeError("secret internal detail")

    from config import urls as root_urls

    settings.ROOT_URLCONF = type(
        "Urls", (), {"urlpatterns": [*root_urls.urlpatterns, path("broken/", broken)]}
    )
    client.raise_request_exception = False
    response = client.get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "secret internal detail" not in html
    assert "Traceback" not in html
    assert _h1_count(html) == 1


def test_healthz_answers_ok_and_nothing_else(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_rich_text_is_sanitised_on_save(db):
    from hub.models import Page, PageVersion

    page = Page.objects.create(slug="about")
    version = PageVersion.objects.create(
        page=page,
        version=9,
        title="t",
        body_en='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">x</a>'
        '<svg><circle/></svg><a href="https://example.org/">ok</a></p>',
    )
    version.refresh_from_db()

    assert "<script" not in version.body_en
    assert "onclick" not in version.body_en
    assert "javascript:" not in version.body_en
    assert "<svg" not in version.body_en
    assert 'href="https://example.org/"' in version.body_en


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    # A clean production-like environment: no key from outside, no test-only switches.
    dropped = ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env={"HUB_ENV": "production", "ALLOWED_HOSTS": "hub.example.org"})

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "HUB_ENV": "production",
            "SECRET_KEY": "k" * 20 + "Zq8#pW2vX9!mN4rT7yB1cE5hJ0" + "a" * 20,
            "ALLOWED_HOSTS": "hub.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_HOST": "mail.example.org",
        },
    )

    assert result.returncode == 0, result.stdout + result.stderr

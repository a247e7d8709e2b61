"""The demo data, whose account passwords are published in the README, never reaches production;
outside production ``seed_demo`` loads the reference data and then the demo (``make run``)."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from hub.accounts.demo import DEMO_STAFF, seed_accounts
from hub.models import Page, PageVersion, Role, User
from questionnaires.models import QuestionSet
from tests.factories import make_staff
from tests.production_process import manage_in_production
from tools_catalog.models import Purpose, Tool


def _users() -> list[tuple]:
    return list(User.objects.order_by("pk").values_list("pk", "email", "password", "is_superuser"))


def test_seed_demo_refuses_in_production_and_writes_nothing(transactional_db, tmp_path):
    make_staff("operator@hub.example")
    users = _users()

    result = manage_in_production("seed_demo", tmp_path=tmp_path)

    assert result.returncode != 0
    assert "seed_demo does not run when HUB_ENV=production" in result.stderr
    assert "load_reference_data" in result.stderr
    assert "Traceback" not in result.stderr
    assert _users() == users
    assert not User.objects.filter(email=DEMO_STAFF["email"]).exists()
    assert not Page.objects.exists()
    assert not Purpose.objects.exists()
    assert not Tool.objects.exists()


def test_the_demo_accounts_are_never_created_in_production(db, settings):
    settings.PRODUCTION = True
    call_command("load_reference_data", stdout=io.StringIO())

    with pytest.raises(ImproperlyConfigured):
        seed_accounts(stdout=io.StringIO())

    assert not User.objects.exists()


def test_seed_demo_loads_the_reference_data_then_the_demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()

    call_command("seed_demo", stdout=out, stderr=io.StringIO())

    output = out.getvalue()
    assert output.index("Reference data is in place.") < output.index("Demo data is in place.")
    assert PageVersion.objects.filter(page__slug="terms", version=1).exists()
    assert Purpose.objects.count() == 18
    assert QuestionSet.objects.get(version=1).status == QuestionSet.Status.ACTIVE
    staff = User.objects.get(email=DEMO_STAFF["email"])
    assert (staff.role, staff.is_superuser) == (Role.STAFF, True)
    assert Tool.objects.published().count() >= 60

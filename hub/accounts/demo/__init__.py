"""Demo data for the hub's accounts: agency domains and the demo accounts (staff, officers,
providers), kept in ``accounts.json`` beside this module.

The accounts' passwords are published in the README, so ``seed_demo`` never runs in production and
``seed_accounts`` refuses to. The public pages the accounts consent to are reference data
(hub/pages/reference/), loaded first.
"""

from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from hub.core.reference import read
from hub.pages.models import Page
from hub.pages.reference import pages_load
from hub.pages.selectors import page_current_version

from ..models import (
    AgencyDomain,
    Consent,
    OfficerApplication,
    Organisation,
    Role,
    Status,
    User,
)

ACCOUNTS = read(Path(__file__).resolve().parent / "accounts.json")
DEMO_STAFF = ACCOUNTS["staff"]
DEMO_OFFICERS = ACCOUNTS["officers"]
DEMO_PROVIDERS = ACCOUNTS["providers"]


def _verified_email(user) -> None:
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )


def _consents(user) -> None:
    for slug in (Page.Slug.TERMS, Page.Slug.PRIVACY):
        Consent.objects.get_or_create(user=user, page_version=page_current_version(slug=slug))


def seed_accounts(*, stdout) -> None:
    if settings.PRODUCTION:
        # Their passwords are published: these accounts must never exist in a live hub.
        raise ImproperlyConfigured("The demo accounts are never created when HUB_ENV=production.")
    for entry in ACCOUNTS["agency_domains"]:
        AgencyDomain.objects.get_or_create(
            domain=entry["domain"],
            defaults={"agency": entry["agency"], "country": entry["country"]},
        )

    if not User.objects.filter(email=DEMO_STAFF["email"]).exists():
        User.objects.create_superuser(
            DEMO_STAFF["email"],
            DEMO_STAFF["password"],
            name=DEMO_STAFF["name"],
            role=Role.STAFF,
            status=Status.APPROVED,
        )
        stdout.write(f"  staff {DEMO_STAFF['email']}")
    _verified_email(User.objects.get(email=DEMO_STAFF["email"]))

    for officer in DEMO_OFFICERS:
        user = User.objects.filter(email=officer["email"]).first()
        if user is None:
            user = User.objects.create_user(
                officer["email"],
                officer["password"],
                name=officer["name"],
                language=officer["language"],
                role=Role.OFFICER,
                status=officer["status"],
            )
            OfficerApplication.objects.create(user=user, **officer["application"])
            stdout.write(f"  officer {user.email} ({officer['status']})")
        _verified_email(user)
        _consents(user)

    for provider in DEMO_PROVIDERS:
        organisation, created = Organisation.objects.get_or_create(
            name=provider["organisation"]["name"],
            defaults={
                **provider["organisation"],
                "status": provider["status"],
                "contact_name": provider["user"]["name"],
                "contact_email": provider["user"]["email"],
            },
        )
        if created:
            stdout.write(f"  provider organisation {organisation.name} ({provider['status']})")
        user = User.objects.filter(email=provider["user"]["email"]).first()
        if user is None:
            user = User.objects.create_user(
                provider["user"]["email"],
                provider["password"],
                name=provider["user"]["name"],
                language=provider["user"]["language"],
                role=Role.PROVIDER,
                status=provider["status"],
                organisation=organisation,
            )
        _verified_email(user)
        _consents(user)


def seed(*, stdout) -> None:
    pages_load()
    seed_accounts(stdout=stdout)

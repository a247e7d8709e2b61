"""Demo data for the hub app: agency domains and the demo accounts (staff, officers, providers).

The accounts' passwords are published in the README, so ``seed_demo`` never runs in production.
The public pages the accounts consent to are reference data (hub/reference/pages/), loaded first.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import (
    AgencyDomain,
    Consent,
    OfficerApplication,
    Organisation,
    Page,
    Role,
    Status,
    User,
)
from .reference import pages_load
from .selectors import page_current_version

DEMO_AGENCY_DOMAINS = [
    ("police-senegal.example", "Police nationale du Sénégal (demo)", "SN"),
    ("gendarmerie.example", "Gendarmerie nationale (demo)", "FR"),
    ("policia.example", "Polícia Federal (demo)", "BR"),
]

DEMO_OFFICERS = [
    {
        "email": "amina.diallo@police-senegal.example",
        "password": "Demo-officer-2026!",
        "name": "Amina Diallo",
        "language": "fr",
        "status": "approved",
        "application": {
            "agency": "Police nationale du Sénégal (demo)",
            "unit": "Online child protection unit",
            "country": "SN",
            "position": "Investigator",
            "areas_of_work": "Victim identification, triage of seized devices",
            "verifier_name": "Moussa Ndiaye",
            "verifier_email": "m.ndiaye@police-senegal.example",
            "intended_use": "Find tools that work offline for device triage, and learn from other units.",
            "languages": ["fr", "en"],
            "gender": "woman",
        },
    },
    {
        "email": "lucas.moreau@gendarmerie.example",
        "password": "Demo-officer-2026!",
        "name": "Lucas Moreau",
        "language": "en",
        "status": "approved",
        "application": {
            "agency": "Gendarmerie nationale (demo)",
            "unit": "Cybercrime centre",
            "country": "FR",
            "position": "Digital forensics analyst",
            "areas_of_work": "Digital forensics, grooming investigations",
            "verifier_name": "Claire Petit",
            "verifier_email": "c.petit@gendarmerie.example",
            "intended_use": "Compare grooming-detection tools and share lessons with other agencies.",
            "languages": ["fr", "en", "es"],
            "gender": "man",
        },
    },
    {
        "email": "joana.santos@policia.example",
        "password": "Demo-applicant-2026!",
        "name": "Joana Santos",
        "language": "es",
        "status": "pending",
        "application": {
            "agency": "Polícia Federal (demo)",
            "unit": "Child protection unit",
            "country": "BR",
            "position": "Detective",
            "areas_of_work": "Hotline report triage",
            "verifier_name": "Rafael Costa",
            "verifier_email": "r.costa@policia.example",
            "intended_use": "Learn which tools can help triage hotline reports faster.",
            "languages": ["es", "en"],
            "gender": "",
        },
    },
]

DEMO_PROVIDERS = [
    {
        "organisation": {
            "name": "Brightlake Analytics (demo)",
            "type": "company",
            "country": "KE",
            "website": "https://brightlake.example",
            "description": "Builds image-classification tools for hotlines and police.",
        },
        "status": "approved",
        "user": {"email": "dev@brightlake.example", "name": "Wanjiru Kamau", "language": "en"},
        "password": "Demo-provider-2026!",
    },
    {
        "organisation": {
            "name": "Nordvik Vision Labs (demo)",
            "type": "academia",
            "country": "NO",
            "website": "https://nordvik.example",
            "description": "A university lab researching age estimation.",
        },
        "status": "pending",
        "user": {"email": "hello@nordvik.example", "name": "Ingrid Berg", "language": "en"},
        "password": "Demo-provider-2026!",
    },
]

DEMO_STAFF = {
    "email": "staff@globalhub.example",
    "name": "Hub Staff",
    "password": "Demo-staff-2026!",
}


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
    for domain, agency, country in DEMO_AGENCY_DOMAINS:
        AgencyDomain.objects.get_or_create(
            domain=domain, defaults={"agency": agency, "country": country}
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

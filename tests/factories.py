"""Plain functions that make the hub's people for tests: applicants, officers, providers, staff.

Users get an unusable password unless one is given (hashing is slow), a verified allauth email
address unless ``email_verified=False``, and officers, providers and staff a confirmed TOTP device
(``TOTPDevice.objects.get(user=user)``), so :func:`login_verified` can sign them in past the
second factor.
"""

from itertools import count

import django_otp
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.models import (
    Consent,
    OfficerApplication,
    Organisation,
    Page,
    PageVersion,
    Role,
    Status,
    User,
)

_serial = count(1)


def _email(prefix: str, domain: str) -> str:
    return f"{prefix}{next(_serial)}@{domain}"


def _user(
    *,
    email: str,
    name: str,
    role: str,
    status: str,
    language: str = "en",
    password: str | None = None,
    email_verified: bool = True,
    **extra,
) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        name=name,
        role=role,
        status=status,
        language=language,
        **extra,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


def make_device(user: User) -> TOTPDevice:
    """A confirmed authenticator: the user can be signed in with :func:`login_verified`."""
    return TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def consent_page_version(slug: str) -> PageVersion:
    """The current published version of a page; a version 0 is made if none exists yet.

    Version 0 never collides with the versions in hub/pages/reference/.
    """
    page, _ = Page.objects.get_or_create(slug=slug)
    version = page.versions.filter(published_at__isnull=False).order_by("-version").first()
    if version is None:
        version = PageVersion.objects.create(
            page=page, version=0, title=f"Test {slug}", published_at=timezone.now()
        )
    return version


def make_applicant(
    email: str | None = None,
    *,
    name: str = "Alex Applicant",
    status: str = Status.PENDING,
    language: str = "en",
    email_verified: bool = True,
    consents: bool = True,
    password: str | None = None,
    **application,
) -> User:
    """An officer who applied through /join/: account, application, consents, email address.

    ``application`` overrides the OfficerApplication fields (agency, country, unit, ...).
    """
    user = _user(
        email=email or _email("applicant", "police.example"),
        name=name,
        role=Role.OFFICER,
        status=status,
        language=language,
        password=password,
        email_verified=email_verified,
    )
    fields = {
        "agency": "Example Police",
        "unit": "Online child protection",
        "country": "FR",
        "position": "Investigator",
        "areas_of_work": "Victim identification",
        "verifier_name": "Sam Supervisor",
        "verifier_email": "supervisor@police.example",
        "intended_use": "Find triage tools.",
        "languages": [language, "en"] if language != "en" else ["en"],
        "gender": OfficerApplication.Gender.UNDISCLOSED,
    }
    OfficerApplication.objects.create(user=user, **(fields | application))
    if consents:
        make_consents(user)
    return user


def make_consents(user: User) -> None:
    """The user accepted the current terms and privacy notice, as everyone does when joining."""
    for slug in (Page.Slug.TERMS, Page.Slug.PRIVACY):
        Consent.objects.create(user=user, page_version=consent_page_version(slug))


def make_officer(email: str | None = None, **kwargs) -> User:
    """A vetted officer with a confirmed authenticator."""
    kwargs.setdefault("status", Status.APPROVED)
    user = make_applicant(email or _email("officer", "police.example"), **kwargs)
    make_device(user)
    return user


def make_organisation(
    *, name: str = "Example Labs", status: str = Status.APPROVED, **fields
) -> Organisation:
    defaults = {
        "type": "company",
        "country": "DE",
        "website": "https://labs.example",
        "contact_name": "Pat Provider",
        "contact_email": "pat@labs.example",
    }
    return Organisation.objects.create(name=name, status=status, **(defaults | fields))


def make_provider(
    email: str | None = None,
    *,
    organisation: Organisation | None = None,
    organisation_status: str = Status.APPROVED,
    status: str = Status.APPROVED,
    name: str = "Pat Provider",
    language: str = "en",
    device: bool = True,
    password: str | None = None,
    consents: bool = True,
) -> User:
    """A provider organisation's user (a new organisation unless one is given), with an authenticator.

    For a provider who has just signed up, pass ``organisation_status="pending", status="pending",
    device=False``.
    """
    if organisation is None:
        organisation = make_organisation(status=organisation_status)
    user = _user(
        email=email or _email("provider", "labs.example"),
        name=name,
        role=Role.PROVIDER,
        status=status,
        language=language,
        password=password,
        organisation=organisation,
    )
    if consents:
        make_consents(user)
    if device:
        make_device(user)
    return user


def make_staff(
    email: str | None = None, *, superuser: bool = True, name: str = "Sky Staff", **extra
) -> User:
    """A hub staff member (a superuser unless told otherwise) with an authenticator."""
    user = _user(
        email=email or _email("staff", "hub.example"),
        name=name,
        role=Role.STAFF,
        status=Status.APPROVED,
        is_staff=True,
        is_superuser=superuser,
        **extra,
    )
    make_device(user)
    return user


def login_verified(client: Client, user: User) -> Client:
    """Sign ``user`` in with their second factor verified for this session, as after /mfa/verify/."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValueError(f"{user} has no confirmed authenticator: use make_device() first")
    client.force_login(user)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def make_tool(
    name: str = "Example Tool",
    *,
    provider: Organisation | None = None,
    status: str = "published",
    summary: str = "Finds known material quickly.",
    description: str = "<p>Matches files against hash lists.</p>",
    country: str = "KE",
    purposes: tuple[str, ...] = (),
    media: tuple[str, ...] = (),
    deployment: tuple[str, ...] = (),
    interface_languages: tuple[str, ...] = ("en",),
    analysis_languages: tuple[str, ...] = (),
    **fields,
):
    """A catalogue tool; taxonomy values are given by slug and created when missing."""
    from django.utils.text import slugify

    from tools_catalog.models import DeploymentOption, MediaType, Purpose, Tool
    from tools_catalog.services import tool_index_refresh

    tool = Tool.objects.create(
        name=name,
        slug=fields.pop("slug", None) or f"{slugify(name)}-{next(_serial)}",
        provider=provider or make_organisation(name=f"{name} Labs {next(_serial)}"),
        status=status,
        summary=summary,
        description=description,
        country=country,
        origin=fields.pop("origin", "researched"),
        interface_languages=list(interface_languages),
        analysis_languages=list(analysis_languages),
        published_at=timezone.now() if status == "published" else None,
        **fields,
    )
    for model, slugs, related in (
        (Purpose, purposes, tool.purposes),
        (MediaType, media, tool.media_types),
        (DeploymentOption, deployment, tool.deployment_options),
    ):
        for slug in slugs:
            value, _ = model.objects.get_or_create(
                slug=slug, defaults={"name": slug.replace("-", " ")}
            )
            related.add(value)
    tool_index_refresh(tool=tool)
    return tool

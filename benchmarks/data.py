"""The bench data set, generated fast with bulk inserts and a fixed seed.

Every ``create_*`` function adds rows to whatever is there already (names, slugs and emails continue
from the current counts), so tests use them at small sizes and can grow a data set. Bulk inserts skip
``Model.save()``: regions are set here, rich text is written already clean, and the catalogue's
denormalised index is rebuilt at the end by ``tools_index_refresh_all``.
"""

import inspect
import io
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

BATCH = 2000
SEED = 20260101
LOGIN_OFFICER_EMAIL = "bench.officer@police.example"
LOGIN_STAFF_EMAIL = "bench.staff@hub.example"
LANGUAGE_FIELDS = ("en", "ar", "zh_hans", "fr", "ru", "es")


@dataclass(frozen=True)
class Sizes:
    tools: int = 10_000
    providers: int = 500
    officers: int = 2_000
    feedback: int = 50_000
    seed: int = SEED

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# Words -------------------------------------------------------------------------------------------

NAME_PREFIXES = [
    "Argus", "Beacon", "Cedar", "Delta", "Ember", "Falcon", "Garnet", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Meridian", "Nimbus", "Orion", "Prism", "Quartz", "Raven", "Sentinel",
    "Tern", "Umber", "Vantage", "Willow", "Xenon", "Yarrow", "Zephyr", "Atlas", "Bastion", "Cobalt",
    "Drift",
]  # fmt: skip
NAME_NOUNS = [
    "Triage", "Scan", "Match", "Lens", "Trace", "Insight", "Sift", "Vault", "Sentry", "Compass",
    "Index", "Signal", "Review", "Forensics", "Finder", "Link", "Shield", "Graph", "Watch", "Atlas",
]  # fmt: skip
NAME_EDITIONS = ["", "", "", " Pro", " Lite", " Cloud", " Mobile", " 2", " Enterprise", " Field"]
VERBS = [
    "Detects", "Flags", "Finds", "Sorts", "Matches", "Ranks", "Transcribes", "Translates", "Links",
    "Maps", "Extracts", "Summarises",
]  # fmt: skip
OBJECTS = [
    "known abuse images", "grooming conversations", "sextortion attempts", "livestreamed abuse",
    "duplicate videos", "chat messages", "cryptocurrency payments", "darknet forum posts",
    "seized phone contents", "cloud account exports", "audio recordings", "image metadata",
    "network captures", "social media profiles", "payment records",
]  # fmt: skip
METHODS = [
    "using perceptual hashing", "with a neural classifier", "through keyword triage",
    "by face clustering", "with speech transcription", "using geolocation clues",
    "by object detection", "with language identification", "using entity extraction",
    "through timeline reconstruction", "with age estimation", "using scene matching",
    "by fingerprinting", "with optical character recognition", "using link analysis",
]  # fmt: skip
CONTEXTS = [
    "in seized devices", "across large caseloads", "for victim identification",
    "for offender identification", "during live investigations", "before forensic review",
    "in international referrals", "from hotline reports", "on encrypted platforms",
    "for prosecutors",
]  # fmt: skip
# Single words of the texts above, each in a few percent of the tools: what the search benchmark asks.
SEARCH_WORDS = [
    "hashing", "classifier", "grooming", "sextortion", "transcription", "geolocation",
    "cryptocurrency", "darknet", "metadata", "clustering", "fingerprinting", "triage", "livestreamed",
    "timeline", "extraction", "hotline", "encrypted", "prosecutors", "referrals", "recordings",
]  # fmt: skip
# Summaries written in other languages, each given to a share of the tools: what the searches in
# those languages find. Chinese is written without spaces, as it is.
TRANSLATED_SUMMARIES = {
    "fr": [
        "Détecte les images connues dans les appareils saisis.",
        "Repère les conversations de pédopiégeage sur les plateformes.",
        "Transcrit les enregistrements audio pour les enquêteurs.",
        "Relie les paiements en cryptomonnaie aux comptes suspects.",
    ],
    "ar": [
        "يكشف الصور المعروفة في الأجهزة المضبوطة.",
        "يرصد محادثات الاستدراج على المنصات.",
        "ينسخ التسجيلات الصوتية للمحققين.",
        "يربط مدفوعات العملات المشفرة بالحسابات المشبوهة.",
    ],
    "ru": [
        "Находит известные изображения на изъятых устройствах.",
        "Выявляет переписку с признаками груминга на платформах.",
        "Расшифровывает аудиозаписи для следователей.",
        "Связывает платежи в криптовалюте с подозрительными счетами.",
    ],
    "zh_hans": [
        "在查获的设备中识别已知图像。",
        "发现平台上的诱骗对话。",
        "为调查人员转写录音。",
        "将加密货币付款与可疑账户关联。",
    ],
}
FRENCH_SUMMARIES = TRANSLATED_SUMMARIES["fr"]
# What the searches in each language ask: words (Chinese: two characters inside a longer run) of
# the summaries above.
LANGUAGE_SEARCH_WORDS = {
    "fr": ["images", "conversations", "enregistrements", "cryptomonnaie"],
    "ar": ["الصور", "محادثات", "التسجيلات", "مدفوعات"],
    "ru": ["изображения", "переписку", "аудиозаписи", "криптовалюте"],
    "zh-hans": ["图像", "对话", "录音", "货币"],
}
FEEDBACK_SENTENCES = [
    "We used it on a large seizure and it saved our unit several days of review.",
    "The installation needed help from our IT department.",
    "It found duplicates that our previous tool missed.",
    "Training material was clear and available in our language.",
    "False positives were frequent on low quality images.",
    "The vendor answered our questions quickly.",
    "It runs well on a standalone laptop without internet access.",
    "Reports can be exported for prosecutors without extra work.",
    "We would like better support for Arabic text.",
    "Licensing for law enforcement was free after a short application.",
]
COUNTRIES = [
    "KE", "NG", "ZA", "SN", "EG", "MA", "GH", "BR", "US", "CA", "MX", "AR", "CO", "CL", "IN", "JP",
    "KR", "PH", "SG", "AE", "ID", "TH", "FR", "DE", "GB", "NL", "SE", "ES", "IT", "PL", "UA", "AU",
    "NZ", "FJ",
]  # fmt: skip
INTERFACE_LANGUAGES = ["fr", "es", "ar", "ru", "zh-hans", "pt", "de"]
ANALYSIS_LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh", "pt", "de", "sw", "hi", "id", "tr"]
YES_NO_UNKNOWN = ["yes", "no", "unknown"]

# Used only when tools_catalog's demo data cannot be imported: a few values per taxonomy.
FALLBACK_TAXONOMY = {
    "purpose": ["hash-matching", "classification", "device-triage", "victim-identification",
                "offender-identification", "grooming-detection"],
    "technology": ["computer-vision", "natural-language", "speech", "machine-learning", "graphs"],
    "phase": ["detection", "investigation", "prosecution", "prevention"],
    "media": ["images", "video", "text", "audio", "metadata"],
    "deployment": ["on-premises", "cloud", "standalone", "hosted"],
    "os": ["windows", "linux", "macos", "android"],
    "cost": ["free", "paid", "free-for-law-enforcement"],
    "maturity": ["prototype", "pilot", "production", "mature"],
}  # fmt: skip


# Steps -------------------------------------------------------------------------------------------

DataStep = Callable[[Sizes], None]
DATA_STEPS: list[tuple[str, DataStep]] = []


def data_step(name: str) -> Callable[[DataStep], DataStep]:
    """Register a step of the bench data set; steps run in the order they are registered."""

    def register(step: DataStep) -> DataStep:
        DATA_STEPS.append((name, step))
        return step

    return register


def build(sizes: Sizes, *, log: Callable[[str], None] = lambda text: None) -> dict[str, float]:
    """Run every data step; returns the seconds each took."""
    timings = {}
    for name, step in DATA_STEPS:
        started = time.perf_counter()
        with transaction.atomic():
            step(sizes)
        timings[name] = round(time.perf_counter() - started, 2)
        log(f"  {name:<12} {timings[name]:6.2f} s")
    return timings


def _rng(sizes_seed: int, step: str) -> random.Random:
    return random.Random(f"{sizes_seed}:{step}")


@data_step("taxonomies")
def _taxonomies_step(sizes: Sizes) -> None:
    seed_taxonomies()


@data_step("providers")
def _providers_step(sizes: Sizes) -> None:
    create_providers(sizes.providers, _rng(sizes.seed, "providers"))


@data_step("tools")
def _tools_step(sizes: Sizes) -> None:
    create_tools(sizes.tools, _rng(sizes.seed, "tools"))


@data_step("officers")
def _officers_step(sizes: Sizes) -> None:
    login_officer()
    create_officers(max(0, sizes.officers - 1), _rng(sizes.seed, "officers"))


@data_step("feedback")
def _feedback_step(sizes: Sizes) -> None:
    create_feedback(sizes.feedback, _rng(sizes.seed, "feedback"))


@data_step("directory")
def _directory_step(sizes: Sizes) -> None:
    create_directory_entries(sizes.officers // 4, _rng(sizes.seed, "directory"))


@data_step("index")
def _index_step(sizes: Sizes) -> None:
    from tools_catalog.services import tools_index_refresh_all

    tools_index_refresh_all()


def analyze() -> None:
    """Fresh planner statistics on PostgreSQL, as autovacuum keeps them on a live server."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def dataset_counts() -> dict[str, int]:
    from hub.models import Organisation, Role, User
    from tools_catalog.models import Feedback, Tool

    return {
        "tools": Tool.objects.published().count(),
        "providers": Organisation.objects.count(),
        # The removal benchmark's extra officers are not part of the data set's size.
        "officers": User.objects.filter(role=Role.OFFICER)
        .exclude(email__endswith="@bench-removal.example")
        .count(),
        "feedback": Feedback.objects.count(),
    }


# Rows --------------------------------------------------------------------------------------------


def seed_taxonomies() -> None:
    """The taxonomy values: the catalogue's reference data when there is one, else a few of our own."""
    from tools_catalog.models import TAXONOMIES

    if any(model.objects.exists() for model in TAXONOMIES):
        return
    seeder = _demo_taxonomy_seeder()
    if seeder is not None:
        kwargs = (
            {"stdout": io.StringIO()} if "stdout" in inspect.signature(seeder).parameters else {}
        )
        seeder(**kwargs)
        if all(model.objects.exists() for model in TAXONOMIES):
            return
    try:
        from tools_catalog.demo_data import TAXONOMY as values
    except ImportError:
        values = {
            facet: [(slug, {"en": (slug.replace("-", " ").capitalize(), "")}) for slug in slugs]
            for facet, slugs in FALLBACK_TAXONOMY.items()
        }
    for model in TAXONOMIES:
        rows = []
        for position, (slug, texts) in enumerate(values.get(model.facet, [])):
            fields = {"slug": slug, "position": position}
            english = texts.get("en", (slug, ""))
            fields["name"], fields["description"] = english
            for code in LANGUAGE_FIELDS:
                name, description = texts.get(code, ("", ""))
                fields[f"name_{code}"], fields[f"description_{code}"] = name, description
            rows.append(model(**fields))
        model.objects.bulk_create(rows)
    from tools_catalog.selectors import taxonomy_bump

    taxonomy_bump()


def _demo_taxonomy_seeder() -> Callable | None:
    try:
        from tools_catalog.reference import taxonomies_load
    except ImportError:
        return None
    return taxonomies_load


def create_providers(count: int, rng: random.Random) -> list[int]:
    """Approved provider organisations spread over countries and organisation types."""
    from hub.models import Organisation, OrganisationType, Status

    start = Organisation.objects.count()
    types = list(OrganisationType.values)
    now = timezone.now()
    rows = []
    for n in range(start, start + count):
        name = f"{rng.choice(NAME_PREFIXES)} {rng.choice(['Labs', 'Systems', 'Analytics', 'Institute', 'Foundation', 'Technologies'])} {n}"
        rows.append(
            Organisation(
                name=name,
                type=rng.choice(types),
                country=rng.choice(COUNTRIES),
                website=f"https://{slugify(name)}.example",
                contact_name=f"Contact {n}",
                contact_email=f"contact{n}@provider{n}.example",
                description="Builds software for investigators.",
                status=Status.APPROVED,
                submitted_at=now - timedelta(days=rng.randint(30, 900)),
                decided_at=now - timedelta(days=rng.randint(1, 29)),
            )
        )
    return [org.pk for org in Organisation.objects.bulk_create(rows, batch_size=BATCH)]


def _summary(rng: random.Random) -> str:
    return (
        f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(METHODS)} {rng.choice(CONTEXTS)}."
    )


def create_tools(
    count: int, rng: random.Random, provider_ids: list[int] | None = None
) -> list[int]:
    """Published tools with every taxonomy filled, languages, country and clean rich text."""
    from hub.core.regions import region_of
    from hub.models import Organisation
    from tools_catalog.models import TAXONOMIES, Tool
    from tools_catalog.services import TAXONOMY_FIELDS

    provider_ids = provider_ids or list(Organisation.objects.values_list("pk", flat=True))
    terms = {model.facet: list(model.objects.values_list("pk", flat=True)) for model in TAXONOMIES}
    start = Tool.objects.count()
    now = timezone.now()
    tools, choices = [], []
    for n in range(start, start + count):
        name = f"{rng.choice(NAME_PREFIXES)} {rng.choice(NAME_NOUNS)}{rng.choice(NAME_EDITIONS)}"
        summary = _summary(rng)
        description = f"<p>{summary}</p><p>{_summary(rng)} {rng.choice(FEEDBACK_SENTENCES)}</p>"
        country = rng.choice(COUNTRIES)
        published = now - timedelta(days=rng.randint(1, 900))
        verified = None if rng.random() < 0.15 else published + timedelta(days=rng.randint(0, 60))
        translated = {
            f"summary_{code}": rng.choice(texts) if rng.random() < 0.3 else None
            for code, texts in TRANSLATED_SUMMARIES.items()
        }
        fields = {
            "name": name,
            "slug": f"{slugify(name)}-{n}",
            "provider_id": rng.choice(provider_ids),
            "summary": summary,
            "summary_en": summary,
            **translated,
            "description": description,
            "description_en": description,
            "maturity_id": rng.choice(terms["maturity"]) if terms["maturity"] else None,
            "hardware_requirements": "A recent laptop with 16 GB of memory.",
            "interface_languages": ["en", *rng.sample(INTERFACE_LANGUAGES, rng.randint(0, 3))],
            "analysis_languages": rng.sample(ANALYSIS_LANGUAGES, rng.randint(0, 4)),
            "integrations": rng.choice(["", "CSV and JSON export", "CAID, VICS and STIX"]),
            "country": country,
            "region": region_of(country) or "",
            "website": f"https://{slugify(name)}-{n}.example",
            "used_by_other_agencies": rng.choice(YES_NO_UNKNOWN),
            "independently_evaluated": rng.choice(YES_NO_UNKNOWN),
            "collects_user_data": rng.choice(YES_NO_UNKNOWN),
            "origin": rng.choice(["researched", "submitted"]),
            "status": Tool.Status.PUBLISHED,
            "published_at": published,
            "last_verified_at": verified,
            "created_at": published - timedelta(days=rng.randint(0, 30)),
        }
        tools.append(Tool(**fields))
        choices.append(
            {
                facet: rng.sample(terms[facet], min(len(terms[facet]), rng.randint(1, 3)))
                for facet in TAXONOMY_FIELDS
            }
        )
    created = Tool.objects.bulk_create(tools, batch_size=BATCH // 2)
    for facet, field in TAXONOMY_FIELDS.items():
        m2m = Tool._meta.get_field(field)
        through = m2m.remote_field.through
        source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            (
                through(**{source: tool.pk, target: pk})
                for tool, chosen in zip(created, choices, strict=True)
                for pk in chosen[facet]
            ),
            batch_size=BATCH,
        )
    return [tool.pk for tool in created]


BENCH_PASSWORD = "Bench-account-2026!"  # noqa: S105 - accounts of the bench database only


def login_officer():
    """The verified officer the benchmark signs in as, with a password and an authenticator."""
    from hub.models import Role

    return _account(LOGIN_OFFICER_EMAIL, name="Bench Officer", role=Role.OFFICER)


def login_staff():
    """The staff member who removes tools in the benchmark (through the admin)."""
    from hub.models import Role

    return _account(
        LOGIN_STAFF_EMAIL, name="Bench Staff", role=Role.STAFF, is_staff=True, is_superuser=True
    )


def _account(email: str, **fields):
    from allauth.account.models import EmailAddress
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hub.models import Status, User

    user, created = User.objects.get_or_create(
        email=email, defaults={"status": Status.APPROVED, **fields}
    )
    if created or not user.check_password(BENCH_PASSWORD):
        user.set_password(BENCH_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Bench authenticator", confirmed=True)
    return user


def create_officers(count: int, rng: random.Random) -> list[int]:
    """Approved officers (plain accounts: no authenticator, application or consents)."""
    from hub.models import Role, Status, User

    start = User.objects.count()
    unusable = make_password(None)  # one hash for all: nobody logs in as these
    languages = [code.replace("_", "-") for code in LANGUAGE_FIELDS]
    rows = [
        User(
            email=f"officer{n}@police{n % 97}.example",
            name=f"Officer {n}",
            role=Role.OFFICER,
            status=Status.APPROVED,
            language=rng.choice(languages),
            password=unusable,
        )
        for n in range(start, start + count)
    ]
    return [user.pk for user in User.objects.bulk_create(rows, batch_size=BATCH)]


def create_feedback(
    count: int,
    rng: random.Random,
    tool_ids: list[int] | None = None,
    author_ids: list[int] | None = None,
) -> None:
    """Feedback posts: every tool gets one first, the rest follow a long tail (a few tools get many)."""
    from hub.models import Role, User
    from tools_catalog.models import Feedback, Tool

    tool_ids = tool_ids or list(
        Tool.objects.published().order_by("pk").values_list("pk", flat=True)
    )
    author_ids = author_ids or list(
        User.objects.filter(role=Role.OFFICER).order_by("pk").values_list("pk", flat=True)
    )
    if not tool_ids or not author_ids or count <= 0:
        return
    order = tool_ids[:]
    rng.shuffle(order)
    first = order[: min(count, len(order))]
    weights = [1 / (rank + 1) for rank in range(len(order))]
    rest = rng.choices(order, weights=weights, k=count - len(first))
    now = timezone.now()

    def rows():
        for tool_id in first + rest:
            sentences = rng.sample(FEEDBACK_SENTENCES, rng.randint(1, 3))
            yield Feedback(
                tool_id=tool_id,
                author_id=rng.choice(author_ids),
                body="".join(f"<p>{sentence}</p>" for sentence in sentences),
                is_hidden=rng.random() < 0.02,
                created_at=now - timedelta(seconds=rng.randint(60, 2 * 365 * 86400)),
            )

    Feedback.objects.bulk_create(rows(), batch_size=BATCH)


def create_directory_entries(count: int, rng: random.Random) -> None:
    """Officers listed in the community directory, each showing the tools they use."""
    from community.models import CommunityProfile
    from hub.core.regions import region_of
    from hub.models import Role, User
    from tools_catalog.models import Tool

    officers = list(
        User.objects.filter(role=Role.OFFICER, community_profile__isnull=True)
        .exclude(email__endswith="@bench-removal.example")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    tool_ids = list(Tool.objects.published().order_by("pk").values_list("pk", flat=True)[:2000])
    now = timezone.now()
    profiles, uses = [], []
    for user_id in officers:
        country = rng.choice(COUNTRIES)
        languages = sorted(rng.sample(["en", "fr", "es", "ar", "ru", "zh-hans"], rng.randint(1, 3)))
        profiles.append(
            CommunityProfile(
                user_id=user_id,
                listed=True,
                consented_at=now,
                agency=f"{rng.choice(NAME_PREFIXES)} Police Service",
                unit="Online child protection unit",
                country=country,
                region=region_of(country) or "",
                languages=languages,
                language_keys=f" {' '.join(languages)} ",
                expertise=rng.choice(FEEDBACK_SENTENCES),
            )
        )
        uses.append(rng.sample(tool_ids, min(len(tool_ids), rng.randint(0, 3))))
    created = CommunityProfile.objects.bulk_create(profiles, batch_size=BATCH)
    through = CommunityProfile.tools.through
    through.objects.bulk_create(
        (
            through(communityprofile_id=profile.pk, tool_id=tool_id)
            for profile, chosen in zip(created, uses, strict=True)
            for tool_id in chosen
        ),
        batch_size=BATCH,
    )


def grow(
    *, tools: int, feedback: int, seed: int = SEED, log: Callable[[str], None] = print
) -> dict:
    """Add tools (and feedback) to the data set until it holds ``tools`` published tools and
    ``feedback`` feedback posts, then refresh the catalogue's index; returns the seconds taken."""
    from tools_catalog.models import Feedback, Tool
    from tools_catalog.services import tools_index_refresh_all

    timings = {}
    started = time.perf_counter()
    have = Tool.objects.published().count()
    with transaction.atomic():
        create_tools(max(0, tools - have), _rng(seed, f"tools-{tools}"))
    timings["tools"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    extra = max(0, feedback - Feedback.objects.count())
    with transaction.atomic():
        create_feedback(
            extra,
            _rng(seed, f"feedback-{feedback}"),
        )
    timings["feedback"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    tools_index_refresh_all()
    analyze()
    timings["index"] = round(time.perf_counter() - started, 2)
    for name, seconds in timings.items():
        log(f"  {name:<12} {seconds:6.2f} s")
    return timings

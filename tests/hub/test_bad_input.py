"""Hostile input never makes the hub answer 500, on PostgreSQL as on SQLite.

PostgreSQL refuses text with a NUL character and integers beyond its column types where SQLite
takes both, so every URL pattern the resolver knows is requested with such values in each path
parameter and in the query parameters the hub reads, by each kind of person. (CI runs this on
PostgreSQL; on SQLite it still catches what fails everywhere, like ``int("²")``.)
"""

import re
from urllib.parse import quote, unquote, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from community.filters import DirectoryFilter, EventFilter, EventForm
from community.models import Post
from learning.filters import ResourceFilter
from tests.community.factories import make_category, make_event, make_listed_officer, make_thread
from tests.factories import login_verified, make_provider, make_staff, make_tool
from tests.learning.factories import add_stage, make_path, make_resource
from tests.urlmap import SAMPLE_VALUES, all_routes
from tools_catalog.filters import CatalogueFilter, CatalogueForm
from tools_catalog.models import TAXONOMIES
from wizard.forms import CriteriaForm
from wizard.models import Shortlist

BIGINT_MAX = 2**63 - 1

BAD_VALUES = {
    "nul": "1\x00",
    "huge": "1" + "0" * 39,
    "above-int": str(2**31),  # django-otp's devices have int ids
    "above-bigint": str(BIGINT_MAX + 1),
    "negative": "-1",
    "overlong": "9" * 10_000,
    "unicode-digit": "²",  # str.isdigit() says yes, int() says no
}

# The numbers the hub's views read from a query string (pages, ids; the admin's page and order).
NUMBER_NAMES = ["page", "feedback_page", "post", "tool", "p", "o"]
# Everything they read: search, order, the catalogue's facets, the filter forms' fields, the
# admin's search and audit log filters.
QUERY_NAMES = sorted(
    {*NUMBER_NAMES, "q", "sort", "show", "next", "e", "actor", "target"}
    | {model.facet for model in TAXONOMIES}
    | set(CatalogueFilter.base_filters)
    | set(CatalogueForm.base_fields)
    | set(CriteriaForm.base_fields)
    | set(DirectoryFilter.base_filters)
    | set(EventFilter.base_filters)
    | set(EventForm.base_fields)
    | set(ResourceFilter.base_filters)
)

PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")

ROUTES = all_routes()
MEMBER_ROUTES = [route for route in ROUTES if not route.pattern.startswith("admin/")]
ADMIN_ROUTES = [route for route in ROUTES if route.pattern.startswith("admin/")]


@pytest.fixture
def world(db, public_pages):
    """The people, and one of each thing a path names, so that views get past their 404s."""
    officer, _profile = make_listed_officer()
    tool = make_tool(slug="sample")
    thread = make_thread(author=officer, category=make_category(slug="sample"))
    event = make_event()
    make_resource(slug="sample")
    path = make_path(slug="sample")
    add_stage(path, "Plan", items=("Ask the team",))
    shortlist = Shortlist.objects.create(owner=officer, name="Kit")
    real = {
        "community/forum/threads/<id:pk>/": thread.pk,
        "community/events/<id:pk>/": event.pk,
        "community/events/<id:pk>/event.ics": event.pk,
        "community/officers/<id:pk>/": officer.pk,
        "shortlists/<id:pk>/": shortlist.pk,
        "shortlists/<id:pk>/export.csv": shortlist.pk,
        "shortlists/<id:pk>/print/": shortlist.pk,
    }
    clients = {
        "anonymous": Client(raise_request_exception=False),
        "officer": login_verified(Client(raise_request_exception=False), officer),
        "provider": login_verified(Client(raise_request_exception=False), make_provider()),
        "staff": login_verified(Client(raise_request_exception=False), make_staff()),
    }
    return {"clients": clients, "real": real, "tool": tool, "thread": thread, "path": path}


def _path(route, real: dict, bad: tuple[str, str] | None = None) -> str:
    """The route's path with sample values (a real object's id where known), ``bad`` = (name, value)."""

    def value(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        if bad and name == bad[0]:
            return quote(bad[1], safe="")
        if route.pattern in real:
            return str(real[route.pattern])
        return SAMPLE_VALUES.get(name, "sample")

    return "/" + PARAMETER.sub(value, route.pattern.replace("^", "").replace("$", ""))


def _resolves(path: str) -> bool:
    try:
        resolve(unquote(urlsplit(path).path))
    except Resolver404:
        return False
    return True


def _server_errors(client: Client, routes, real: dict) -> list[str]:
    """Every hostile request for each route, listing those answered 5xx.

    The plain page comes first (what it caches, such as the catalogue's counts, is then used). A
    bad path value the resolver turns away is left out (see the converter test below), and a route
    that does not answer the plain page (a redirect, 404, 405) reads no query string.
    """
    errors = []

    def get(what: str, path: str) -> int:
        with transaction.atomic():
            status = client.get(path).status_code
            if status >= 500:
                errors.append(f"{route.pattern} {what}")
                # PostgreSQL refuses every later query of a transaction that saw an error.
                transaction.set_rollback(True)
        return status

    for route in routes:
        plain = _path(route, real)
        status = get("plain", plain)
        names = dict.fromkeys(m.group(1) or m.group(2) for m in PARAMETER.finditer(route.pattern))
        for name in names:
            for kind, text in BAD_VALUES.items():
                path = _path(route, real, (name, text))
                if kind == "nul" or _resolves(path):
                    get(f"{name}={kind}", path)
        if status != 200:
            continue
        for kind, text in BAD_VALUES.items():
            get(f"query={kind}", f"{plain}?{urlencode(dict.fromkeys(QUERY_NAMES, text))}")
            if kind != "nul":  # the numbers alone: no other parameter makes the view give up early
                get(f"numbers={kind}", f"{plain}?{urlencode(dict.fromkeys(NUMBER_NAMES, text))}")
    return errors


@pytest.mark.parametrize(
    "persona, routes",
    [
        ("anonymous", MEMBER_ROUTES),
        ("officer", MEMBER_ROUTES),
        ("provider", MEMBER_ROUTES),
        ("staff", MEMBER_ROUTES),
        # The admin's routes in three parts, which parallel test workers can share.
        ("staff", ADMIN_ROUTES[0::3]),
        ("staff", ADMIN_ROUTES[1::3]),
        ("staff", ADMIN_ROUTES[2::3]),
    ],
    ids=[
        "anonymous",
        "officer",
        "provider",
        "staff",
        "staff-admin-1",
        "staff-admin-2",
        "staff-admin-3",
    ],
)
def test_no_url_answers_500_to_hostile_values(world, persona, routes):
    errors = _server_errors(world["clients"][persona], routes, world["real"])
    assert errors == [], "\n".join(errors)


# NUL (and lone surrogates) anywhere in a request: the hub's 400 page -----------------------------


FORM = "application/x-www-form-urlencoded"


def _assert_bad_request_page(response):
    assert response.status_code == 400
    assert b"<h1>Bad request</h1>" in response.content
    assert "Content-Security-Policy" in response.headers


def test_nul_in_the_query_string_is_a_400(world):
    officer = world["clients"]["officer"]
    _assert_bad_request_page(officer.get("/tools/?q=%00"))
    _assert_bad_request_page(officer.get("/tools/export.csv?q=a%00b"))


def test_nul_in_the_path_is_a_400(world):
    _assert_bad_request_page(world["clients"]["officer"].get("/learn/media/clip%00.txt"))
    _assert_bad_request_page(world["clients"]["anonymous"].get("/community/calendar/%00.ics"))


def test_nul_in_a_form_is_a_400_and_nothing_is_posted(world):
    officer, thread = world["clients"]["officer"], world["thread"]
    posts = Post.objects.count()
    form = urlencode({"body": "Hello\x00"})
    _assert_bad_request_page(officer.post(thread.get_absolute_url(), form, content_type=FORM))
    # As multipart/form-data (the client's default), in a field's name this time.
    _assert_bad_request_page(officer.post(thread.get_absolute_url(), {"body": "Hi", "x\x00": "1"}))
    assert Post.objects.count() == posts
    login = {"login": "someone\x00@example.org", "password": "x"}
    _assert_bad_request_page(world["clients"]["anonymous"].post(reverse("account_login"), login))


def test_nul_in_a_cookie_or_header_is_a_400(world):
    visitor = Client(raise_request_exception=False)
    visitor.cookies["sessionid"] = "abcdefgh\x00ijklmnop"  # sent quoted, as "abcdefgh\000ijklmnop"
    _assert_bad_request_page(visitor.get("/"))
    anonymous = world["clients"]["anonymous"]
    _assert_bad_request_page(anonymous.get("/", headers={"user-agent": "Mozilla\x00"}))


def test_the_400_page_speaks_the_visitors_language(world):
    response = world["clients"]["anonymous"].get("/?q=%00", headers={"accept-language": "fr"})
    assert response.status_code == 400
    assert b'lang="fr"' in response.content


# Numbers beyond what the database holds --------------------------------------------------------


def test_a_page_number_beyond_any_catalogue_shows_the_last_page(world):
    officer = world["clients"]["officer"]
    assert (
        officer.get("/tools/").status_code == 200
    )  # the counts are cached: the page comes from SQL
    response = officer.get("/tools/", {"page": "1" + "0" * 39})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert world["tool"].name in response.content.decode()


def test_a_link_to_a_post_that_cannot_exist_opens_the_thread(world):
    officer, thread = world["clients"]["officer"], world["thread"]
    for post in ("²", "9" * 10_000, str(BIGINT_MAX + 1)):
        response = officer.get(thread.get_absolute_url(), {"post": post})
        assert response.status_code == 200
        assert response.context["page"].number == 1


def test_progress_with_ids_that_cannot_exist_is_saved_without_them(world):
    officer, path = world["clients"]["officer"], world["path"]
    data = {"done": ["9" * 10_000, "²"], "item": ["1" + "0" * 39], "step": "9" * 10_000}
    response = officer.post(reverse("learning:path_save", args=[path.slug]), data)
    assert response.status_code == 302
    assert response["Location"] == path.get_absolute_url()


def test_ids_in_paths_stop_at_the_largest_bigint():
    assert resolve(f"/shortlists/{BIGINT_MAX}/").kwargs == {"pk": BIGINT_MAX}
    with pytest.raises(Resolver404):
        resolve(f"/shortlists/{BIGINT_MAX + 1}/")
    assert reverse("wizard:shortlist", args=[BIGINT_MAX]) == f"/shortlists/{BIGINT_MAX}/"


def test_a_profile_naming_a_tool_id_beyond_any_is_refused(world):
    officer = world["clients"]["officer"]
    for tool in ("1" + "0" * 39, "9" * 10_000, "²"):
        response = officer.post(reverse("community:profile"), {"tools": [tool]})
        assert response.status_code == 200
        assert "tools" in response.context["form"].errors

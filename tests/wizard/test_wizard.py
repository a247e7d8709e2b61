"""The selection wizard as an officer uses it: questions, requirements, scores, reasons, order."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import make_officer, make_provider, make_staff
from tools_catalog import selectors
from tools_catalog.models import Tool
from wizard import selectors as wizard

from .wizard_factories import (
    PILOT,
    PRODUCTION,
    PROTOTYPE,
    choices_for,
    make_wizard_tool,
    read_form,
    result_cards,
    result_scores,
    result_slugs,
    signed_in,
)

RESULTS = reverse("wizard:results")


@pytest.fixture
def officer(db):
    return make_officer()


@pytest.fixture
def client(officer):
    return signed_in(officer)


@pytest.fixture
def catalogue(db):
    """Four published tools that differ in every answer, and two that are not listed."""
    return {
        "kit": make_wizard_tool(
            "Field Kit", purposes=["hash-matching", "device-triage"], media=["images", "video"],
            deployment=["offline-air-gapped", "mobile-field"], cost=["free-for-law-enforcement"],
            maturity=PRODUCTION, interface=["en", "fr"],
        ),
        "cloud": make_wizard_tool(
            "Cloud Classifier", purposes=["hash-matching"], media=["images"],
            deployment=["cloud-service"], cost=["paid-licence"], maturity=PILOT, interface=["en"],
        ),
        "chat": make_wizard_tool(
            "Chat Reader", purposes=["grooming-sextortion"], media=["text-chat"],
            deployment=["on-premises"], cost=["open-source"], maturity=PROTOTYPE,
            interface=["ar", "en"], analysis=["ar", "en"],
        ),
        "lab": make_wizard_tool(
            "Lab Matcher", purposes=["hash-matching", "victim-identification"], media=["video"],
            deployment=["on-premises", "offline-air-gapped"], cost=["price-on-request"],
            maturity=PRODUCTION, interface=["en"], analysis=["en"],
        ),
        "draft": make_wizard_tool(
            "Draft Tool", status="draft", purposes=["hash-matching"], deployment=["offline-air-gapped"],
        ),
        "suspended": make_wizard_tool(
            "Paused Tool", status="suspended", purposes=["hash-matching"], cost=["open-source"],
        ),
    }  # fmt: skip


def _slugs(catalogue, *keys) -> set[str]:
    return {catalogue[key].slug for key in keys}


def _get(client, **answers):
    pairs = [
        (k, v)
        for k, values in answers.items()
        for v in ([values] if isinstance(values, str) else values)
    ]
    response = client.get(RESULTS, pairs)
    assert response.status_code == 200
    return response


# Requirements and preferences ----------------------------------------------------------------------


def test_without_answers_every_published_tool_is_listed_and_nothing_else(client, catalogue):
    response = _get(client)

    assert set(result_slugs(response)) == _slugs(catalogue, "kit", "cloud", "chat", "lab")
    html = response.content.decode()
    assert "Draft Tool" not in html and "Paused Tool" not in html


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"offline": "must"}, {"kit", "lab"}),
        ({"cloud": "no"}, {"kit", "chat", "lab"}),
        ({"budget": "free"}, {"kit", "chat"}),
        ({"maturity": PILOT}, {"kit", "cloud", "lab"}),
        ({"maturity": PRODUCTION}, {"kit", "lab"}),
        ({"alang": "ar"}, {"chat"}),
        ({"alang": ["ar", "en"]}, {"chat"}),
        ({"alang": ["en"]}, {"chat", "lab"}),
        ({"ilang": "fr", "ilang_required": "1"}, {"kit"}),
        ({"purpose": ["device-triage", "victim-identification"]}, {"kit", "lab"}),
        ({"media": "text-chat"}, {"chat"}),
        ({"purpose": "hash-matching", "offline": "must", "budget": "free"}, {"kit"}),
    ],
)
def test_a_requirement_leaves_out_the_tools_that_fail_it(client, catalogue, answers, expected):
    assert set(result_slugs(_get(client, **answers))) == _slugs(catalogue, *expected)


@pytest.mark.parametrize(
    "answers",
    [{"offline": "prefer"}, {"budget": "prefer-free"}, {"ilang": "fr"}, {"capacity": "laptop"}],
)
def test_a_preference_never_leaves_a_tool_out(client, catalogue, answers):
    assert set(result_slugs(_get(client, **answers))) == _slugs(
        catalogue, "kit", "cloud", "chat", "lab"
    )


def test_the_score_is_the_share_of_the_preferences_met(client, catalogue):
    # Offline (weight 2) and free (weight 2): the kit meets both, the lab one, the cloud none.
    response = _get(client, offline="prefer", budget="prefer-free")

    scores = result_scores(response)
    assert scores[catalogue["kit"].slug] == 100
    assert scores[catalogue["lab"].slug] == 50
    assert scores[catalogue["chat"].slug] == 50
    assert scores[catalogue["cloud"].slug] == 0
    assert result_slugs(response)[0] == catalogue["kit"].slug
    assert result_slugs(response)[-1] == catalogue["cloud"].slug


def test_each_result_says_why_it_matches_and_what_it_lacks(client, catalogue):
    response = _get(client, purpose=["hash-matching", "device-triage"], offline="prefer", ilang="fr",
                    capacity="laptop")  # fmt: skip
    lab = result_cards(response)[catalogue["lab"].slug]

    assert "Helps with Hash matching." in lab  # the requirement it meets
    assert "Does not help with Device triage." in lab  # the preference it partly misses
    assert "Works offline, without an internet connection." in lab
    assert "Its interface is not in French." in lab
    assert "May need more than a standard laptop, judging by where it runs" in lab


def test_the_officer_is_told_which_answers_are_requirements(client, catalogue):
    response = _get(client, offline="must", budget="prefer-free", alang="ar")
    html = response.content.decode()
    required = html[html.index('id="summary-required"') : html.index('id="summary-preferred"')]
    preferred = html[html.index('id="summary-preferred"') :]

    assert "Works offline" in required and "Analyses Arabic text or speech." in required
    assert "Free to use" in preferred and "(up to 100% of the score)" in preferred


def test_language_names_are_in_the_readers_language(client, catalogue):
    with translation.override("fr"):
        response = client.get(RESULTS, {"alang": "ar"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "arabe" in response.content.decode()


def test_an_unknown_answer_is_ignored_rather_than_an_error(client, catalogue):
    response = _get(client, purpose="no-such-purpose", offline="perhaps", alang="<script>")

    assert len(result_slugs(response)) == 4


# Order ---------------------------------------------------------------------------------------------


def _seed(officer) -> str:
    return selectors.fair_seed(officer, timezone.localdate())


def test_ties_are_broken_by_the_fair_shuffle(client, officer, db):
    tools = [make_wizard_tool(f"Same {n}", purposes=["hash-matching"]) for n in range(8)]
    expected = selectors.fair_order([tool.pk for tool in tools], seed=_seed(officer))
    by_pk = {tool.pk: tool.slug for tool in tools}

    assert result_slugs(_get(client, purpose="hash-matching")) == [by_pk[pk] for pk in expected]


def test_sorting_by_name_maturity_and_verification(client, catalogue):
    now = timezone.now()
    for key, days in (("kit", 30), ("cloud", 1), ("chat", 400), ("lab", 5)):
        Tool.objects.filter(pk=catalogue[key].pk).update(
            last_verified_at=now - timedelta(days=days)
        )
    names = result_slugs(_get(client, sort="name"))
    assert names == [catalogue[k].slug for k in ("chat", "cloud", "kit", "lab")]

    maturity = result_slugs(_get(client, sort="maturity"))
    assert set(maturity[:2]) == _slugs(catalogue, "kit", "lab")  # production, in fair order
    assert maturity[2:] == [catalogue["cloud"].slug, catalogue["chat"].slug]

    verified = result_slugs(_get(client, sort="verified"))
    assert verified == [catalogue[k].slug for k in ("cloud", "lab", "kit", "chat")]


def test_the_results_are_paginated(client, db):
    for n in range(wizard.PAGE_SIZE + 3):
        make_wizard_tool(f"Tool {n:02}", purposes=["hash-matching"])

    first = _get(client, purpose="hash-matching")
    second = _get(client, purpose="hash-matching", page="2")

    assert len(result_slugs(first)) == wizard.PAGE_SIZE
    assert len(result_slugs(second)) == 3
    assert not set(result_slugs(first)) & set(result_slugs(second))


# Guided steps ----------------------------------------------------------------------------------------


def test_a_step_shows_its_question_progress_and_rule(client, catalogue):
    response = client.get(reverse("wizard:step", args=["where"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Step 3 of 7" in html
    assert '<progress max="7" value="3"' in html
    assert "a requirement" in html and "a preference" in html


def test_back_forward_and_skip_keep_the_other_answers(client, catalogue):
    page = client.get(reverse("wizard:step", args=["where"]), {"purpose": "hash-matching"})
    form = read_form(page)
    forward = form.submit({"offline": {"must"}, "cloud": {""}})
    assert forward.startswith(reverse("wizard:step", args=["languages"]))
    assert "purpose=hash-matching" in forward and "offline=must" in forward

    # Back is the same form sent to the previous step: nothing typed on this page is lost.
    html = page.content.decode()
    back = re.search(r'formaction="([^"]+)"', html).group(1)
    assert back == reverse("wizard:step", args=["material"])

    # Skip goes on without this step's answer, keeping the others.
    answered = client.get(
        reverse("wizard:step", args=["where"]), {"purpose": "hash-matching", "offline": "must"}
    )
    skip = re.search(r'class="wizard-skip" href="([^"]+)"', answered.content.decode()).group(1)
    assert "offline" not in skip and "purpose=hash-matching" in skip.replace("&amp;", "&")


def test_an_unknown_step_is_not_found(client, db):
    assert client.get(reverse("wizard:step", args=["sample"])).status_code == 404


def _guided(client, criteria) -> str:
    """Answer every step through its form, as a browser would, and return the results URL."""
    url = reverse("wizard:step", args=["tasks"])
    chosen = choices_for(criteria)
    for _number in range(7):
        page = client.get(url)
        assert page.status_code == 200
        form = read_form(page)
        url = form.submit({name: chosen[name] for name in form.names()})
    assert url.startswith(RESULTS)
    return url


def _parameters(client, criteria) -> str:
    form = read_form(client.get(reverse("wizard:parameters")))
    assert form.names() == set(wizard.PARAMETERS)
    return form.submit(choices_for(criteria))


def test_guided_and_parameter_modes_give_the_same_results(client, catalogue):
    criteria = wizard.Criteria(
        purpose=("hash-matching", "device-triage"), offline="prefer", cloud="no",
        ilang=("fr",), budget="prefer-free", maturity=PILOT, capacity="laptop",
    )  # fmt: skip
    guided = client.get(_guided(client, criteria))
    one_page = client.get(_parameters(client, criteria))

    assert result_slugs(guided) == result_slugs(one_page)
    assert set(result_slugs(guided)) == _slugs(catalogue, "kit", "lab")


# Who sees it -----------------------------------------------------------------------------------------


def test_staff_can_read_how_matching_works(db):
    response = signed_in(make_staff()).get(reverse("wizard:how"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Requirements leave tools out" in html and "Preferences make up the match score" in html


def test_providers_cannot_use_the_wizard(db, catalogue):
    provider = signed_in(make_provider())
    for url in (reverse("wizard:start"), RESULTS, reverse("wizard:parameters")):
        assert provider.get(url).status_code == 404


def test_the_same_results_asked_again_show_a_change_to_the_catalogue_at_once(
    client, catalogue, officer
):
    first = _get(client, purpose="hash-matching")
    assert "Field Kit" in first.content.decode()
    assert set(result_slugs(first)) == _slugs(catalogue, "kit", "cloud", "lab")

    kit = catalogue["kit"]
    kit.name = "Field Kit Two"
    kit.save()  # as the admin saves it: the catalogue learns of this tool's change
    staff = make_staff()
    from safety.removal import tool_remove

    tool_remove(tool=catalogue["cloud"], by=staff, reason="Unsafe.", summary="Unsafe.", guidance="")
    later = make_wizard_tool("Late Hasher", purposes=["hash-matching"])

    again = _get(client, purpose="hash-matching")
    assert "Field Kit Two" in again.content.decode()
    assert set(result_slugs(again)) == _slugs(catalogue, "kit", "lab") | {later.slug}
    assert "3 tools match" in again.content.decode()

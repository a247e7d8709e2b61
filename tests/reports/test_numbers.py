"""Hub in numbers (/numbers/): the counts, growth month by month, small groups hidden, no names, charts."""

import random
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from hub.models import Status, VettingDecision
from reports.charts import BarChart, LineChart, format_number, nice_ceiling
from reports.transparency import month_starts, small_groups_merged
from tests.factories import (
    make_applicant,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
    make_tool,
)
from tools_catalog.models import Tool

pytestmark = pytest.mark.django_db

NUMBERS = reverse("numbers")


# Reading the page ----------------------------------------------------------------------------------


def tables(html: str) -> list[list[list[str]]]:
    """Every table of ``html`` as rows of cell texts (header cells included)."""

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append([])
            elif tag == "tr" and self.tables:
                self.tables[-1].append([])
            elif tag in ("td", "th") and self.tables:
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.tables[-1][-1].append(" ".join(self.cell.split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    reader = Reader()
    reader.feed(html)
    return reader.tables


def get_page(client, language: str = "en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(NUMBERS)
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, figure_id: str) -> str:
    """The HTML of one figure (a chart with its table, or the note that there is none)."""
    match = re.search(
        rf'<section class="numbers-figure" aria-labelledby="{figure_id}-heading">(.*?)</section>',
        html,
        re.S,
    )
    assert match, f"no figure {figure_id} on the page"
    return match.group(1)


def breakdown_rows(html: str, figure_id: str) -> dict[str, str]:
    """Group -> number as the figure's table shows them; {} when the figure shows no breakdown."""
    found = tables(figure(html, figure_id))
    if not found:
        return {}
    return {row[0]: row[1] for row in found[0][1:]}


def facts(html: str) -> dict[str, str]:
    """The headline figures: label -> number."""
    pairs = re.findall(
        r'numbers-facts__value">([^<]*)</span> <span class="numbers-facts__label">([^<]*)<', html
    )
    return {label: value for value, label in pairs}


def svgs(html: str) -> list[ET.Element]:
    # The hub's own page under test, not outside input.
    found = re.findall(r"<svg\b.*?</svg>", html, re.S)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314


def published_on(tool, moment: datetime):
    Tool.objects.filter(pk=tool.pk).update(published_at=moment)


def officers_in(country: str, count: int, **kwargs) -> list:
    return [make_officer(country=country, **kwargs) for _ in range(count)]


# The small-group rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "rows", "other"),
    [
        ({"KE": 4}, (), 0),  # one small group: nothing to show
        ({"KE": 5}, (("KE", 5),), 0),
        ({"FR": 20, "KE": 2, "JP": 3}, (("FR", 20),), 5),  # two small groups together reach 5
        # A lone small group (JP) would be "total minus the rest": the smallest shown group joins it.
        ({"FR": 20, "DE": 9, "KE": 6, "JP": 3}, (("FR", 20), ("DE", 9)), 9),
        (
            {"FR": 6, "KE": 1},
            (),
            0,
        ),  # hiding KE would leave FR alone, which is the total: no breakdown
        ({"FR": 7, "KE": 0, "JP": 0}, (("FR", 7),), 0),  # empty groups are not listed
    ],
)
def test_small_group_rule(counts, rows, other):
    breakdown = small_groups_merged(counts, minimum=5)

    assert breakdown.rows == rows
    assert breakdown.other == other
    assert breakdown.total == sum(counts.values())


def test_no_small_group_can_be_worked_out_from_what_is_shown():
    generator = random.Random(20260201)
    for _ in range(3000):
        minimum = generator.choice([2, 3, 5, 10])
        counts = {
            f"group{i}": generator.choice([0, 1, 2, 3, 4, 5, 6, 9, 15, 40])
            for i in range(generator.randint(1, 8))
        }
        breakdown = small_groups_merged(counts, minimum=minimum)
        shown = dict(breakdown.rows)
        hidden = [key for key, count in counts.items() if count and key not in shown]

        assert all(count >= minimum for count in shown.values()), (counts, breakdown)
        assert all(shown[key] == counts[key] for key in shown)
        if breakdown.shown:
            # What a reader can work out as "total minus the groups shown" is the "other" row ...
            assert breakdown.total - sum(shown.values()) == breakdown.other
            # ... which is either nothing, or at least the threshold and made of two groups or more.
            assert breakdown.other == 0 or (breakdown.other >= minimum and len(hidden) >= 2)
        else:
            assert breakdown.other == 0


def test_the_threshold_comes_from_the_settings(settings):
    settings.NUMBERS_MIN_GROUP = 3

    assert small_groups_merged({"KE": 3, "FR": 4}).rows == (("FR", 4), ("KE", 3))
    settings.NUMBERS_MIN_GROUP = 5
    assert small_groups_merged({"KE": 3, "FR": 4}).rows == ()


# The page ------------------------------------------------------------------------------------------


def test_four_officers_from_one_country_are_not_shown_five_are(client):
    officers_in("KE", 4)

    html = get_page(client)

    assert breakdown_rows(html, "officers-by-region") == {}
    assert "Too few so far" in figure(html, "officers-by-region")
    assert "Africa" not in html and "Kenya" not in html
    assert facts(html)["vetted law-enforcement officers"] == "fewer than 5"
    assert facts(html)["countries the officers come from"] == "fewer than 5"

    officers_in("KE", 1)
    cache.clear()  # the figures are cached; a new count is what the next period would show
    html = get_page(client)

    assert breakdown_rows(html, "officers-by-region") == {"Africa": "5"}
    assert "Kenya" not in html  # regions only: countries of officers are counted, never listed


def test_a_lone_small_group_cannot_be_worked_out_from_the_total(client):
    officers_in("FR", 6)
    officers_in("KE", 5)
    officers_in("JP", 2)

    html = get_page(client)

    # Asia (2) is hidden; shown alone, Africa (5) would give Asia away as 13 - 6 - 5.
    assert breakdown_rows(html, "officers-by-region") == {
        "Europe": "6",
        "Other regions together": "7",
    }
    assert facts(html)["vetted law-enforcement officers"] == "13"
    assert "Asia" not in html and "Africa" not in html


def test_tools_are_broken_down_by_region_and_kind_of_provider(client):
    university = make_organisation(name="Campus Lab", type="academia", country="KE")
    for i in range(5):
        make_tool(f"Campus {i}", provider=university, country="KE")
    company = make_organisation(name="Vendor", type="company", country="FR")
    for i in range(6):
        make_tool(f"Vendor {i}", provider=company, country="FR")
    make_tool("Lone", provider=make_organisation(name="Solo", type="public_body"), country="JP")

    html = get_page(client)

    # Asia (1) and the public body (1) are alone in their groups: both taken in with the smallest.
    assert breakdown_rows(html, "tools-by-region") == {
        "Europe": "6",
        "Other regions together": "6",
    }
    assert breakdown_rows(html, "tools-by-provider-type") == {
        "Company": "6",
        "Other kinds together": "6",
    }


def test_counts(client, settings):
    settings.NUMBERS_MIN_GROUP = 1  # the counting itself, every total shown as it is
    approved = make_organisation(name="Approved Labs", country="DE")
    make_tool("One", provider=approved, country="DE")
    make_tool("Two", provider=approved, country="DE")
    make_tool("Three", country="KE")  # its own provider
    make_tool("Draft", provider=make_organisation(name="Drafting"), status="draft", country="JP")
    make_tool("Removed", status="removed", country="BR")
    make_organisation(name="Nothing published yet")  # approved, no tool: not a provider in numbers
    make_officer(country="FR")
    make_officer(country="FR")
    make_officer(country="SN")
    make_applicant(country="BR")  # waiting for vetting
    make_officer(country="BR", status=Status.SUSPENDED)
    inactive = make_officer(country="CL")
    inactive.is_active = False
    inactive.save()
    make_provider()
    make_staff()

    assert facts(get_page(client)) == {
        "tools published in the catalogue": "3",
        "providers with a published tool": "2",
        "countries the tools come from": "2",
        "vetted law-enforcement officers": "3",
        "countries the officers come from": "2",
    }


@time_machine.travel(datetime(2026, 3, 15, 12, tzinfo=UTC), tick=False)
def test_growth_month_by_month(client):
    early = make_organisation(name="Early")
    published_on(make_tool("Old", provider=early, country="DE"), datetime(2023, 5, 2, tzinfo=UTC))
    published_on(
        make_tool("Winter", provider=early, country="DE"), datetime(2025, 12, 10, tzinfo=UTC)
    )
    published_on(make_tool("Spring", country="KE"), datetime(2026, 3, 1, tzinfo=UTC))
    approved_in_january = make_officer(country="FR")
    VettingDecision.objects.create(
        user=approved_in_january,
        action=VettingDecision.Action.APPROVE,
        decided_at=datetime(2026, 1, 20, tzinfo=UTC),
    )
    no_decision = make_officer(country="SN")  # counted from the day the account was made
    no_decision.date_joined = datetime(2026, 2, 3, tzinfo=UTC)
    no_decision.save()
    make_officer(country="SN")  # approved this month

    html = get_page(client)

    tools_table = tables(figure(html, "growth-tools"))[0]
    officers_table = tables(figure(html, "growth-officers"))[0]
    assert tools_table[0] == [
        "End of month",
        "Published tools",
        "Providers",
        "Countries the tools come from",
    ]
    tools = {row[0]: row[1:] for row in tools_table[1:]}
    officers = {row[0]: row[1:] for row in officers_table[1:]}
    assert len(tools) == len(officers) == 24
    assert list(tools)[0] == "April 2024" and list(tools)[-1] == "March 2026"
    assert tools["April 2024"] == ["1", "1", "1"]  # published before the chart begins
    assert tools["November 2025"] == ["1", "1", "1"]
    assert tools["December 2025"] == ["2", "1", "1"]
    assert tools["March 2026"] == ["3", "2", "2"]
    assert officers["December 2025"] == ["0", "0"]
    assert officers["January 2026"] == ["1", "1"]
    assert officers["February 2026"] == ["2", "2"]
    assert officers["March 2026"] == ["3", "2"]


def test_the_page_never_shows_a_name_or_an_email(client):
    people = [make_officer("zanele.mokoena@saps.example", name="Zanele Mokoena", country="ZA")]
    people += [make_officer(name=f"Officer Ngozi{i}", country="NG") for i in range(6)]
    people.append(make_applicant("pending.person@police.example", name="Waiting Wanjiru"))
    people.append(make_provider("dev@quietlab.example", name="Priya Provider"))
    people.append(make_staff("boss@hub.example", name="Stella Staff"))
    organisation = make_organisation(name="Quietlab Analytics", country="IN")
    for i in range(5):
        make_tool(f"Secret Sifter {i}", provider=organisation, country="IN")

    for language in ("en", "ar"):
        html = get_page(client, language)
        for person in people:
            assert person.name not in html
            assert person.email not in html
            assert person.email.split("@")[1] not in html
        assert "Quietlab" not in html
        assert "Secret Sifter" not in html  # the catalogue is for members only


def test_charts_are_svg_with_title_description_and_a_table(client):
    officers_in("FR", 6)
    officers_in("KE", 5)
    for i in range(5):
        make_tool(f"Tool {i}", country="DE")

    html = get_page(client)

    charts = svgs(html)
    # Growth of tools and of officers; officers by region; tools by region and by kind of provider.
    assert len(charts) == 5
    for chart in charts:
        assert chart.get("role") == "img"
        title = chart.find("title")
        desc = chart.find("desc")
        assert title is not None and title.text.strip()
        assert desc is not None and desc.text.strip()
        assert chart.get("aria-labelledby") == title.get("id")
        assert chart.get("aria-describedby") == desc.get("id")
    # Each chart has its numbers as a table next to it, and its description says them too.
    officers = figure(html, "officers-by-region")
    assert breakdown_rows(html, "officers-by-region") == {"Europe": "6", "Africa": "5"}
    (chart,) = svgs(officers)
    assert "Europe: 6" in chart.find("desc").text and "Africa: 5" in chart.find("desc").text
    assert [text.text for text in chart.iter("text")] == ["Europe", "6", "Africa", "5"]
    growth = figure(html, "growth-officers")
    (chart,) = svgs(growth)
    assert "11 in" in chart.find("desc").text
    assert tables(growth)[0][-1][1] == "11"
    # Works without JavaScript: no script at all in the page's content.
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main


def test_in_arabic_the_charts_run_right_to_left(client):
    officers_in("FR", 6)
    for i in range(5):
        make_tool(f"Tool {i}", country="DE")

    html = get_page(client, "ar")

    assert '<html lang="ar" dir="rtl">' in html
    (growth,) = svgs(figure(html, "growth-officers"))
    assert growth.get("direction") == "rtl"
    points = [float(circle.get("cx")) for circle in growth.iter("circle")]
    assert points == sorted(
        points, reverse=True
    )  # the first month on the right, the last on the left
    (bars,) = svgs(figure(html, "officers-by-region"))
    assert bars.get("direction") == "rtl"
    rect = bars.find(".//rect")
    width = float(bars.get("viewBox").split()[2])
    # The bar grows from the right-hand edge, and its label starts there.
    assert float(rect.get("x")) + float(rect.get("width")) == pytest.approx(width - 8, abs=0.2)
    label, value = bars.iter("text")
    assert float(label.get("x")) == pytest.approx(width - 8)
    assert label.text == "أوروبا" and value.text == "6"


def test_the_figures_are_counted_once_then_served_from_the_cache(
    client, django_assert_max_num_queries, settings
):
    settings.NUMBERS_MIN_GROUP = 1  # every total shown as it is
    make_tool("First", country="DE")
    assert facts(get_page(client))["tool published in the catalogue"] == "1"

    make_tool("Second", country="DE")
    with django_assert_max_num_queries(3):  # session and the like, but no counting
        html = get_page(client)
    assert facts(html)["tool published in the catalogue"] == "1"

    cache.clear()
    assert facts(get_page(client))["tools published in the catalogue"] == "2"


def test_visitors_find_the_page_from_the_navigation(client, public_pages):
    html = client.get(reverse("home")).content.decode()

    assert f'href="{NUMBERS}"' in html


# The charts ----------------------------------------------------------------------------------------


def test_numbers_are_written_as_the_language_writes_them():
    with translation.override("en"):
        assert format_number(1234567) == "1,234,567"
    with translation.override("fr"):
        assert re.fullmatch(r"1\D234\D567", format_number(1234567))


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [(0, 1, 1), (1, 1, 1), (3, 3, 1), (7, 8, 2), (77, 80, 20), (1234, 1500, 500)],
)
def test_the_axis_ends_on_a_round_number(largest, top, step):
    assert nice_ceiling(largest) == (top, step)


def test_line_chart_marks_every_month_and_labels_the_axis():
    months = month_starts(until=datetime(2026, 3, 1).date(), months=13)
    with translation.override("en"):
        chart = LineChart.build(id="c", title="Tools", months=months, values=list(range(13)))

    assert len(chart.points) == 13
    assert [tick.text for tick in chart.grid] == ["0", "5", "10", "15"]
    assert [tick.text for tick in chart.months] == ["Mar 2025", "Sep 2025", "Mar 2026"]
    assert chart.description == "Tools, month by month: 0 in March 2025, 12 in March 2026."
    assert chart.points[0].x < chart.points[-1].x


def test_bar_lengths_follow_the_numbers():
    with translation.override("en"):
        chart = BarChart.build(id="b", title="Regions", rows=[("Europe", 20), ("Africa", 10)])

    europe, africa = chart.bars
    assert europe.bar_width == pytest.approx(2 * africa.bar_width)
    assert chart.description == "Regions: Europe: 20; Africa: 10."


def test_headline_totals_below_the_threshold_say_fewer_than_the_threshold(client, settings):
    officers_in("KE", 3)
    make_tool("Alone", country="DE")

    html = get_page(client)

    assert facts(html) == {
        "tools published in the catalogue": "fewer than 5",
        "providers with a published tool": "fewer than 5",
        "countries the tools come from": "fewer than 5",
        "vetted law-enforcement officers": "fewer than 5",
        "countries the officers come from": "fewer than 5",
    }

    settings.NUMBERS_MIN_GROUP = 3  # the number said comes from the settings
    assert facts(get_page(client))["vetted law-enforcement officers"] == "3"
    assert facts(get_page(client))["tools published in the catalogue"] == "fewer than 3"

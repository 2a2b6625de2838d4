"""Release dates stated in a story's text next to a known title, proposed to the editor and added in one click."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.linking.release_statements import add, find
from articles.linking.results import Match, Mention
from articles.linking.statements import FINDERS, finders
from articles.models import Release

from ..factories import FilmFactory, ReleaseFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def real():
    return FilmFactory(name="Real", slug="real")


def matches_for(text: str, *entities) -> list[Match]:
    """What the matcher would report: every mention of each entity's name in the text."""
    found = []
    for entity in entities:
        mentions, at = [], text.find(entity.name)
        while at != -1:
            mentions.append(Mention(at, at + len(entity.name), entity.name, "name"))
            at = text.find(entity.name, at + 1)
        found.append(Match(entity.entity_type, entity.pk, entity.name, 1.0, mentions))
    return found


def payloads(text: str, *entities) -> list[dict]:
    return [statement.payload for statement in find(text, matches_for(text, *entities))]


def next_date(month: int, day: int) -> str:
    today = timezone.localdate()
    stated = datetime.date(today.year, month, day)
    return (stated if stated >= today else stated.replace(year=today.year + 1)).isoformat()


def test_the_finder_is_registered_for_the_panel():
    assert "release" in {finder.kind for finder in finders()}
    assert FINDERS["release"].permission == "articles.add_release"


def test_opens_in_a_country_on_a_day_without_a_year_is_the_nearest_future_date(real):
    text = "Alibaba Pictures said Real opens in China on March 3, after a delay."
    statements = find(text, matches_for(text, real))
    assert [s.payload for s in statements] == [
        {"kind": "film", "id": real.pk, "territory": "CN", "type": "theatrical", "date": next_date(3, 3), "venue": ""}
    ]
    assert statements[0].evidence == text and statements[0].label.startswith(
        "Real — theatrical release in China on 3 March"
    )


def test_released_in_uk_cinemas_with_a_year(real):
    text = "The film Real will be released in UK cinemas on 12 May 2027."
    assert payloads(text, real) == [
        {"kind": "film", "id": real.pk, "territory": "GB", "type": "theatrical", "date": "2027-05-12", "venue": ""}
    ]


def test_a_limited_release_and_a_region(real):
    text = "In a limited release, Real opens in North America on September 9, 2027."
    assert payloads(text, real)[0] == {
        "kind": "film",
        "id": real.pk,
        "territory": "domestic",
        "type": "limited",
        "date": "2027-09-09",
        "venue": "",
    }


def test_a_festival_premiere_with_its_day(real):
    text = "Real premieres at the Cannes Film Festival on May 20, 2027."
    assert payloads(text, real) == [
        {"kind": "film", "id": real.pk, "territory": "FR", "type": "festival", "date": "2027-05-20", "venue": "Cannes"}
    ]


def test_a_streaming_debut_on_a_platform(real):
    text = "Real hits Netflix on June 1."
    assert payloads(text, real) == [
        {
            "kind": "film",
            "id": real.pk,
            "territory": "worldwide",
            "type": "streaming",
            "date": next_date(6, 1),
            "venue": "Netflix",
        }
    ]


def test_a_series_is_a_title_too():
    series = SeriesFactory(name="Peacemaker")
    text = "Peacemaker lands on HBO Max on August 21, 2025."
    assert payloads(text, series)[0]["kind"] == "series"


@pytest.mark.parametrize(
    "text",
    [
        "Real opens in China soon.",  # no day
        "The studio opens in China on March 3.",  # no known title in the sentence
        "Real was a hit. The studio opens in China on March 3.",  # the title is in another sentence
        "Real opens in Narnia on March 3.",  # no such territory
        "Real premieres at Cannes.",  # a festival premiere needs its day
        "Real opens in China on February 30, 2027.",  # no such day
    ],
)
def test_precision_over_recall(real, text):
    assert payloads(text, real) == []


def test_what_is_recorded_already_is_not_proposed(real):
    ReleaseFactory(film=real, territory="GB", release_type="theatrical", date=datetime.date(2027, 5, 12))
    assert payloads("Real will be released in UK cinemas on 12 May 2027.", real) == []


def test_the_title_nearest_before_the_verb_is_the_one_released(real):
    other = FilmFactory(name="Steel Soldiers")
    text = "After Steel Soldiers, Real opens in China on 3 March 2027."
    assert [p["id"] for p in payloads(text, real, other)] == [real.pk]


def test_add_records_the_release_once(real):
    payload = {
        "kind": "film",
        "id": real.pk,
        "territory": "CN",
        "type": "theatrical",
        "date": "2027-03-03",
        "venue": "",
    }
    assert add(payload, None) == "Added: Real — theatrical, China, 3 March 2027."
    assert add(payload, None).startswith("Already recorded")
    assert Release.objects.filter(film=real).count() == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"kind": "film", "id": 0, "territory": "CN", "type": "theatrical", "date": "2027-03-03"}, "no longer exists"),
        (
            {"kind": "person", "id": 1, "territory": "CN", "type": "theatrical", "date": "2027-03-03"},
            "film or a series",
        ),
        (
            {"kind": "film", "id": "1", "territory": "CN", "type": "theatrical", "date": "2027-03-03"},
            "film or a series",
        ),
        ({"kind": "film", "territory": "XX", "type": "theatrical", "date": "2027-03-03"}, "film or a series"),
        ({"kind": "film", "territory": "XX", "type": "theatrical", "date": "2027-3-3"}, "film or a series"),
    ],
)
def test_add_refuses_a_bad_payload_and_writes_nothing(payload, message):
    with pytest.raises(ValidationError, match=message):
        add(payload, None)
    assert not Release.objects.exists()


def test_add_checks_as_the_import_does(real):
    with pytest.raises(ValidationError, match="Unknown territory"):
        add({"kind": "film", "id": real.pk, "territory": "XX", "type": "theatrical", "date": "2027-03-03"}, None)
    with pytest.raises(ValidationError, match="Bad date"):
        add({"kind": "film", "id": real.pk, "territory": "CN", "type": "theatrical", "date": "soon"}, None)
    assert not Release.objects.exists()

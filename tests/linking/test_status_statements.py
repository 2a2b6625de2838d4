"""Production-slate statements: found right after a known title, left out once recorded, added in one click."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from articles.linking import statements, status_statements
from articles.linking.results import Match, Mention
from articles.models import Film, StatusChange
from tests.factories import ArticlePageFactory, FilmFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def matches_for(text: str, *titles) -> list[Match]:
    found = []
    for title in titles:
        start = text.index(title.name)
        mention = Mention(start, start + len(title.name), title.name, "name")
        found.append(Match(title.entity_type, title.pk, title.name, 1.0, [mention]))
    return found


def find(text: str, *titles):
    return status_statements.find(text, matches_for(text, *titles))


@pytest.fixture
def soldiers():
    return FilmFactory(name="Steel Soldiers", slug="steel-soldiers")


@pytest.mark.parametrize(
    ("sentence", "status", "month"),
    [
        ("Steel Soldiers starts production in May.", "in_production", 5),
        ("Steel Soldiers will begin filming in March 2027 in Budapest.", "in_production", 3),
        ("Steel Soldiers, the robot war epic, has wrapped filming.", "completed", None),
        ("Steel Soldiers is in post-production.", "post_production", None),
        ("Steel Soldiers has been greenlit by STX.", "in_development", None),
        ("Steel Soldiers is now shooting in Hungary.", "in_production", None),
    ],
)
def test_a_stated_change_right_after_the_title_is_found(soldiers, sentence, status, month):
    text = f"The studio confirmed the news on Monday. {sentence} More details are expected."
    (found,) = find(text, soldiers)
    assert found.kind == "status"
    assert found.payload["status"] == status and found.payload["id"] == soldiers.pk
    assert found.payload.get("month") == month
    assert found.evidence == sentence
    assert text[found.start : found.end] == sentence


@pytest.mark.parametrize(
    "text",
    [
        "The director of Steel Soldiers said another film starts production in May.",  # the cue is not the title's
        "Steel Soldiers was a hit. Its sequel has wrapped filming.",  # another sentence
        "Fans of Steel Soldiers hope it is in post-production soon.",
        "Steel Soldiers star Ada Lee has wrapped filming on a drama.",  # the cue follows other words
    ],
)
def test_cues_that_are_not_about_the_title_are_not_statements(soldiers, text):
    assert find(text, soldiers) == []


def test_a_series_statement_names_the_series():
    show = SeriesFactory(name="Harbour Lights")
    (found,) = find("Harbour Lights has wrapped filming.", show)
    assert found.payload == {"kind": "series", "id": show.pk, "status": "completed"}


def test_what_the_history_already_holds_is_left_out(soldiers):
    StatusChange.objects.create(film=soldiers, status="completed", date=datetime.date(2026, 1, 5))
    assert find("Steel Soldiers has wrapped filming.", soldiers) == []


def test_the_finder_is_registered():
    assert "status" in {finder.kind for finder in statements.finders()}


def test_adding_dates_it_from_the_sentence_in_the_storys_year_and_links_the_story(soldiers, topic_page):
    story = ArticlePageFactory(parent=topic_page, date=datetime.datetime(2027, 2, 10, 9, tzinfo=datetime.UTC))
    (found,) = find("Steel Soldiers starts production in May.", soldiers)
    message = status_statements.add({**found.payload, "article": story.pk}, None)
    change = StatusChange.objects.get(film=soldiers)
    assert (change.status, change.date, change.article_id) == ("in_production", datetime.date(2027, 5, 1), story.pk)
    assert Film.objects.get(pk=soldiers.pk).status == "in_production"
    assert message.startswith("Recorded: Steel Soldiers in production")
    again = status_statements.add({**found.payload, "article": story.pk}, None)
    assert "already recorded" in again and StatusChange.objects.count() == 1


def test_adding_without_a_month_takes_the_storys_date(soldiers, topic_page):
    story = ArticlePageFactory(parent=topic_page, date=datetime.datetime(2026, 8, 3, 9, tzinfo=datetime.UTC))
    status_statements.add({"kind": "film", "id": soldiers.pk, "status": "completed", "article": story.pk}, None)
    assert StatusChange.objects.get(film=soldiers).date == datetime.date(2026, 8, 3)


@pytest.mark.parametrize(
    "payload",
    [
        [],
        {"kind": "studio", "id": 1, "status": "completed"},
        {"kind": "film", "id": "1", "status": "completed"},
        {"kind": "film", "id": 99999999, "status": "completed"},
        {"kind": "film", "id": None, "status": "renewed"},
        {"kind": "film", "status": "completed", "month": 13},
        {"kind": "film", "status": "completed", "article": 99999999},
    ],
)
def test_bad_payloads_are_refused_and_change_nothing(soldiers, payload):
    if isinstance(payload, dict) and "id" not in payload:
        payload = {**payload, "id": soldiers.pk}
    with pytest.raises(ValidationError):
        status_statements.add(payload, None)
    assert not StatusChange.objects.exists()

"""TV series, the fourth linked kind: its page, structured data, API, relations in the change pipeline, merges."""

import json
import re

import pytest
from django.db import transaction

from articles import cache, curation
from articles.models import KINDS, Season, Series, SeriesCompany, SeriesCredit
from articles.models.relations import RELATIONS
from articles.signals import entity_tags

from .factories import (
    ArticlePageFactory,
    PersonFactory,
    SeasonFactory,
    SeriesCompanyFactory,
    SeriesCreditFactory,
    SeriesFactory,
    StudioFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def peacemaker(topic_page):
    hbo = StudioFactory(name="HBO Max", slug="hbo-max", kind="streamer")
    gunn = PersonFactory(name="James Gunn", slug="james-gunn")
    series = SeriesFactory(
        name="Peacemaker", slug="peacemaker", network=hbo, first_year=2022, status="running", genres=["comedy"]
    )
    SeasonFactory(series=series, number=1, year=2022, episodes=8)
    SeasonFactory(series=series, number=2, year=2025, episodes=8)
    SeriesCreditFactory(series=series, person=gunn, role="creator")
    SeriesCreditFactory(series=series, person=PersonFactory(name="John Cena"), role="cast", character="Peacemaker")
    SeriesCompanyFactory(series=series, studio=StudioFactory(name="DC Studios"), role="studio")
    ArticlePageFactory(parent=topic_page, title="Peacemaker returns", links={"series": [series], "people": [gunn]})
    return series


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_series_is_a_recognised_entity_kind_with_its_own_urls():
    kind = KINDS.get("series")
    assert kind.entity and kind.recognised and kind.model is Series
    assert kind in KINDS.subjects()
    assert kind.url("peacemaker") == "/series/peacemaker/"


def test_series_page_shows_network_seasons_credits_companies_and_stories(client, peacemaker):
    response = client.get("/series/peacemaker/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("HBO Max", "Season 2 (2025) — 8 episodes", "James Gunn</a> — Creator", "as Peacemaker", "DC Studios"):
        assert text in html
    assert "Peacemaker returns" in html
    assert client.get("/series/").status_code == 200
    assert "Peacemaker" in client.get("/series/peacemaker/feed/").content.decode()


def test_people_and_studios_list_their_series(client, peacemaker):
    assert "Peacemaker</a> (2022–) — Creator" in client.get("/people/james-gunn/").content.decode()
    assert "Peacemaker</a> (2022–) — Network" in client.get("/studios/hbo-max/").content.decode()


def test_series_json_ld_is_a_tv_series_with_its_seasons(client, peacemaker):
    data = json_ld(client.get("/series/peacemaker/"))[0]
    assert data["@type"] == "TVSeries"
    assert data["numberOfSeasons"] == 2 and data["numberOfEpisodes"] == 16
    assert [season["@type"] for season in data["containsSeason"]] == ["TVSeason", "TVSeason"]
    assert data["creator"][0]["name"] == "James Gunn"
    assert data["actor"][0]["name"] == "John Cena"
    assert data["publisher"]["name"] == "HBO Max"


def test_series_api_lists_seasons_credits_and_network(client, peacemaker):
    listing = client.get("/api/v2/series/").json()
    assert [item["name"] for item in listing["items"]] == ["Peacemaker"]
    detail = client.get(f"/api/v2/series/{peacemaker.pk}/").json()
    assert detail["network"]["name"] == "HBO Max"
    assert [season["number"] for season in detail["seasons"]] == [1, 2]
    assert {credit["role"] for credit in detail["credits"]} == {"creator", "cast"}


def test_junk_series_urls_answer_404(client, peacemaker):
    for url in ("/series/nope/", "/series/%FF/", "/series/peacemaker/feed/junk/", "/api/v2/series/99999999999/"):
        assert client.get(url).status_code in (400, 404), url


def test_a_season_number_is_unique_per_series(peacemaker):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Season.objects.create(series=peacemaker, number=1)


def test_the_last_year_cannot_come_before_the_first():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="last year"):
        Series(name="Backwards", first_year=2020, last_year=2019).full_clean()


def test_entity_tags_reach_everything_a_series_row_names(peacemaker):
    tags = entity_tags(peacemaker)
    assert f"studio:{peacemaker.network_id}" in tags
    assert {f"person:{pk}" for pk in peacemaker.credits.values_list("person_id", flat=True)} <= tags
    gunn = peacemaker.credits.get(role="creator").person
    assert f"series:{peacemaker.pk}" in entity_tags(gunn)
    assert f"series:{peacemaker.pk}" in entity_tags(peacemaker.network)


def test_every_relation_model_is_declared_with_sides_of_known_kinds():
    for relation in RELATIONS:
        fields = {field.name for field in relation.model._meta.get_fields()}
        for side in relation.sides:
            assert side.kind in KINDS, relation
            assert side.field in fields, relation


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_series_credit_purges_the_series_and_person_pages(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    series, person = SeriesFactory(), PersonFactory()
    tags = [f"series:{series.pk}", f"person:{person.pk}"]
    before = cache.current_versions(tags)
    with transaction.atomic():
        credit = SeriesCredit.objects.create(series=series, person=person, role="showrunner")
    middle = cache.current_versions(tags)
    assert all(middle[tag] != before[tag] for tag in tags)
    with transaction.atomic():
        credit.delete()
    assert all(cache.current_versions(tags)[tag] != middle[tag] for tag in tags)


def test_merging_series_moves_seasons_credits_companies_and_stories(client, peacemaker, topic_page, admin_user):
    duplicate = SeriesFactory(name="Peacemaker (TV)")
    SeasonFactory(series=duplicate, number=1)  # the survivor has a season 1: dropped
    SeasonFactory(series=duplicate, number=3, episodes=10)
    gunn = peacemaker.credits.get(role="creator").person
    SeriesCreditFactory(series=duplicate, person=gunn, role="creator")  # a repeat: dropped
    SeriesCreditFactory(series=duplicate, person=gunn, role="writer")
    SeriesCompanyFactory(series=duplicate, studio=peacemaker.network, role="streamer")
    story = ArticlePageFactory(parent=topic_page, title="The duplicate's story", links={"series": [duplicate]})
    curation.merge_entities(duplicate, into=peacemaker, user=admin_user)
    assert not Series.objects.filter(pk=duplicate.pk).exists()
    assert list(peacemaker.seasons.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    assert sorted(peacemaker.credits.filter(person=gunn).values_list("role", flat=True)) == ["creator", "writer"]
    assert SeriesCompany.objects.filter(series=peacemaker, role="streamer").exists()
    assert list(story.__class__.objects.get(pk=story.pk).series.all()) == [peacemaker]
    assert client.get(f"/series/{duplicate.slug}/").status_code == 301


def test_merging_studios_moves_the_network_of_their_series(peacemaker):
    keeper = StudioFactory(name="Max")
    curation.merge_entities(peacemaker.network, into=keeper)
    assert Series.objects.get(pk=peacemaker.pk).network == keeper


def test_topics_can_follow_a_series(client, home_page, peacemaker):
    TopicPageFactory(parent=home_page, title="DC on TV", slug="dc-on-tv", rules={"series": [peacemaker], "tags": []})
    assert "Peacemaker returns" in client.get("/dc-on-tv/").content.decode()

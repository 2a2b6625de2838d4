"""The production slate: status history, /slate/ and its filters and feeds, a title's "Production history", purges."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from articles import cache
from articles.models import Film, Series, StatusChange

from .factories import (
    ArticlePageFactory,
    FilmCompanyFactory,
    FilmFactory,
    SeriesFactory,
    StatusChangeFactory,
    StudioFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 4)


@pytest.fixture
def slate(topic_page):
    stx = StudioFactory(name="STX Entertainment", slug="stx")
    soldiers = FilmFactory(name="Steel Soldiers", slug="steel-soldiers", genres=["action", "science_fiction"])
    FilmCompanyFactory(film=soldiers, studio=stx, role="producer")
    announced = ArticlePageFactory(parent=topic_page, title="STX and Alibaba team up on Steel Soldiers")
    shooting = ArticlePageFactory(parent=topic_page, title="Steel Soldiers starts shooting in Budapest")
    StatusChangeFactory(film=soldiers, status="announced", date=DAY, article=announced)
    StatusChangeFactory(film=soldiers, status="in_production", date=DAY.replace(month=9), article=shooting)
    drama = FilmFactory(name="Quiet Rooms", slug="quiet-rooms", genres=["drama"])
    StatusChangeFactory(film=drama, status="in_development", date=DAY.replace(month=6))
    show = SeriesFactory(name="Harbour Lights", slug="harbour-lights", genres=["drama"])
    StatusChange.objects.create(series=show, status="post_production", date=DAY.replace(month=7))
    released = FilmFactory(name="Done and Out", slug="done-and-out")
    StatusChangeFactory(film=released, status="released", date=DAY.replace(month=8))
    return {"soldiers": soldiers, "drama": drama, "show": show, "stx": stx, "shooting": shooting}


def slate_titles(response) -> list[str]:
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r'<td><a href="/(?:films|series)/[^"]+/">([^<]+)</a>', body)


def test_a_titles_status_is_its_latest_change(slate):
    soldiers = Film.objects.get(pk=slate["soldiers"].pk)
    assert soldiers.status == "in_production"
    latest = soldiers.status_changes.get(status="in_production")
    latest.delete()
    assert Film.objects.get(pk=soldiers.pk).status == "announced"
    assert Series.objects.get(pk=slate["show"].pk).status == "post_production"


def test_completed_is_a_status_of_films_and_series():
    assert "completed" in Film.Status.values and "completed" in Series.Status.values


def test_a_change_names_exactly_one_title_with_a_status_it_can_have():
    film, series = FilmFactory(), SeriesFactory()
    with pytest.raises(ValidationError, match="one of them"):
        StatusChange(film=film, series=series, status="announced").full_clean()
    with pytest.raises(ValidationError, match="one of them"):
        StatusChange(status="announced").full_clean()
    with pytest.raises(ValidationError, match="not a status a film can have"):
        StatusChange(film=film, status="renewed").full_clean()


def test_the_slate_lists_each_titles_latest_stage_with_its_date_and_story(client, slate):
    response = client.get("/slate/")
    html = response.content.decode()
    assert response.status_code == 200
    assert slate_titles(response) == ["Steel Soldiers", "Harbour Lights", "Quiet Rooms"]  # most recently moved first
    assert "Done and Out" not in html  # released: off the slate
    assert "4 September 2026" in html
    assert f'href="{slate["shooting"].url}"' in html
    assert "STX and Alibaba team up" not in html  # an older change's story: the slate shows the latest


def test_the_slate_filters_by_status_genre_and_studio(client, slate):
    assert slate_titles(client.get("/slate/?status=in_development")) == ["Quiet Rooms"]
    assert slate_titles(client.get("/slate/?genre=drama")) == ["Harbour Lights", "Quiet Rooms"]
    assert slate_titles(client.get("/slate/?studio=stx")) == ["Steel Soldiers"]
    assert slate_titles(client.get("/slate/?studio=stx&status=completed")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [("studio=nobody", "No studio has the slug"), ("genre=opera", "not a genre"), ("status=released", "not a stage")],
)
def test_unknown_filters_are_a_clear_400(client, slate, query, message):
    response = client.get(f"/slate/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get(f"/slate/feed/?{query}").status_code == 404


def test_the_slate_is_paginated_and_keeps_its_filters(client, slate):
    for _ in range(55):
        StatusChangeFactory(film=FilmFactory(genres=["drama"]), status="announced", date=DAY)
    first = client.get("/slate/?genre=drama").content.decode()
    assert "Page 1 of 2" in first and "?genre=drama&amp;page=2" in first
    assert len(slate_titles(client.get("/slate/?genre=drama&page=2"))) == 57 - 50
    assert client.get("/slate/?page=junk").status_code == 200


def test_proposed_titles_stay_off_the_slate(client, slate):
    Film.objects.filter(pk=slate["drama"].pk).update(review_status="proposed")
    assert "Quiet Rooms" not in slate_titles(client.get("/slate/"))


def test_a_film_page_shows_its_production_history_from_the_stories(client, slate, topic_page):
    draft = ArticlePageFactory(parent=topic_page, title="A draft about the shoot", live=False)
    StatusChangeFactory(film=slate["soldiers"], status="post_production", date=DAY.replace(month=11), article=draft)
    html = client.get("/films/steel-soldiers/").content.decode()
    history = html.split("Production history", 1)[1]
    assert history.index("Announced") < history.index("In production") < history.index("Post-production")
    assert "Steel Soldiers starts shooting in Budapest" in history
    assert "A draft about the shoot" not in html  # a story readers cannot see is not linked
    assert "Production history" in client.get("/series/harbour-lights/").content.decode()


def test_history_links_only_the_stages_the_slate_lists(client, slate):
    html = client.get("/films/done-and-out/").content.decode()
    assert "Released" in html.split("Production history", 1)[1]
    assert "/slate/?status=released" not in html


def test_a_title_without_changes_has_no_history_section(client):
    FilmFactory(name="Blank", slug="blank")
    assert "Production history" not in client.get("/films/blank/").content.decode()


@pytest.mark.parametrize("suffix", ["", "atom/", "json/"])
def test_the_slate_has_feeds_of_its_changes(client, slate, suffix):
    response = client.get(f"/slate/feed/{suffix}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Steel Soldiers: in production" in text
    assert "Done and Out" not in text
    if suffix == "json/":
        items = json.loads(text)["items"]
        assert items[0]["title"] == "Steel Soldiers: in production"
        assert items[0]["url"].endswith(slate["shooting"].url)


def test_the_slate_feed_filters_like_the_page(client, slate):
    text = client.get("/slate/feed/?status=in_development").content.decode()
    assert "Quiet Rooms" in text and "Steel Soldiers" not in text


def test_the_sitemap_lists_the_slate(client, slate):
    assert "/sitemap-slate.xml" in client.get("/sitemap.xml").content.decode()
    assert "/slate/</loc>" in client.get("/sitemap-slate.xml").content.decode()


def test_film_api_detail_lists_its_status_history(client, slate):
    detail = client.get(f"/api/v2/films/{slate['soldiers'].pk}/").json()
    assert [(row["status"], row["date"]) for row in detail["status_changes"]] == [
        ("announced", "2026-05-04"),
        ("in_production", "2026-09-04"),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_status_change_purges_the_slate_and_the_title_page(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    film = FilmFactory()
    tags = ["slate", f"film:{film.pk}", f"obj:film:{film.pk}"]
    before = cache.current_versions(tags)
    with transaction.atomic():
        change = StatusChange.objects.create(film=film, status="in_production", date=DAY)
    middle = cache.current_versions(tags)
    assert all(middle[tag] != before[tag] for tag in tags)
    assert Film.objects.get(pk=film.pk).status == "in_production"
    with transaction.atomic():
        change.delete()
    assert all(cache.current_versions(["slate"])[tag] != middle[tag] for tag in ["slate"])


def test_editors_record_a_change_in_the_admin_and_the_title_follows(admin_client, slate):
    drama = slate["drama"]
    url = "/admin/snippets/articles/statuschange/add/"
    assert admin_client.get(url).status_code == 200
    form = {"film": drama.pk, "series": "", "status": "completed", "date": "2026-10-01", "article": "", "note": ""}
    response = admin_client.post(url, form)
    assert response.status_code == 302
    assert Film.objects.get(pk=drama.pk).status == "completed"
    assert admin_client.get("/admin/snippets/articles/statuschange/?status=completed").status_code == 200


def test_the_admin_refuses_a_change_naming_two_titles(admin_client, slate):
    form = {
        "film": slate["drama"].pk,
        "series": slate["show"].pk,
        "status": "completed",
        "date": "2026-10-01",
        "article": "",
        "note": "",
    }
    response = admin_client.post("/admin/snippets/articles/statuschange/add/", form)
    assert response.status_code == 200
    assert "one of them" in response.content.decode()
    assert not StatusChange.objects.filter(date=datetime.date(2026, 10, 1)).exists()

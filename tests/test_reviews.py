"""Reviews: the page type under a Reviews section, its JSON-LD, the reviewed title's reviews and average, and
reviews treated as stories everywhere stories are (listings, feeds, search, sitemap, API, purges)."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from articles import cache
from articles.models import ArticlePage, ReviewPage, story_models

from .factories import (
    AuthorFactory,
    FilmFactory,
    ReviewIndexPageFactory,
    ReviewPageFactory,
    SeasonFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


@pytest.fixture
def reviews(home_page):
    return ReviewIndexPageFactory(parent=home_page)


@pytest.fixture
def heat(reviews):
    film = FilmFactory(name="Heat", slug="heat", year=1995)
    critic = AuthorFactory(name="Ada Critic", slug="ada-critic")
    review = ReviewPageFactory(
        parent=reviews,
        title="Heat review: a city of cops and thieves",
        slug="heat-review",
        reviewed_film=film,
        rating=4.5,
        verdict="Two titans, one long night.",
        links={"authors": [critic]},
    )
    ReviewPageFactory(parent=reviews, title="Heat, again", reviewed_film=film, rating=8, best_rating=10)
    return film, review


def test_story_models_are_articles_and_their_subclasses():
    assert story_models()[0] is ArticlePage
    assert ReviewPage in story_models()


def test_a_review_page_shows_its_verdict_rating_and_title(client, heat):
    film, review = heat
    response = client.get("/reviews/heat-review/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Two titans, one long night." in html
    assert "<strong>4.5</strong> out of 5" in html
    assert 'href="/films/heat/"' in html


def test_a_review_carries_schema_org_review_of_a_movie(client, heat):
    data = {item["@type"]: item for item in json_ld(client.get("/reviews/heat-review/"))}
    review = data["Review"]
    assert review["itemReviewed"]["@type"] == "Movie" and review["itemReviewed"]["name"] == "Heat"
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 4.5, "bestRating": 5, "worstRating": 0}
    assert review["author"][0] == {
        "@type": "Person",
        "name": "Ada Critic",
        "url": "http://localhost/authors/ada-critic/",
    }
    assert "NewsArticle" in data


def test_the_film_page_lists_its_reviews_and_their_average(client, heat):
    film, _ = heat
    response = client.get("/films/heat/")
    html = response.content.decode()
    assert "Heat review: a city of cops and thieves" in html and "Heat, again" in html
    assert "Average <strong>4.3</strong> out of 5 from 2 rated reviews" in html  # (4.5/5 + 8/10) / 2 on 5
    movie = json_ld(response)[0]
    assert movie["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.3,
        "bestRating": 5,
        "worstRating": 0,
        "ratingCount": 2,
        "reviewCount": 2,
    }


def test_unpublished_reviews_leave_the_title_page_and_its_average(client, heat):
    film, review = heat
    ReviewPage.objects.get(pk=review.pk).unpublish()
    html = client.get("/films/heat/").content.decode()
    assert "cops and thieves" not in html
    assert "from 1 rated review." in html


def test_a_title_without_reviews_has_no_reviews_section_or_rating(client):
    FilmFactory(name="Unseen", slug="unseen")
    response = client.get("/films/unseen/")
    assert 'id="section-reviews"' not in response.content.decode()
    assert "aggregateRating" not in json_ld(response)[0]


def test_a_series_season_review_is_a_review_of_that_season(client, reviews):
    show = SeriesFactory(name="Slow Horses", slug="slow-horses")
    SeasonFactory(series=show, number=2)
    ReviewPageFactory(parent=reviews, slug="slow-horses-two", reviewed_series=show, season_number=2, rating=5)
    data = {item["@type"]: item for item in json_ld(client.get("/reviews/slow-horses-two/"))}
    item = data["Review"]["itemReviewed"]
    assert item["@type"] == "TVSeason" and item["seasonNumber"] == 2
    assert item["partOfSeries"]["@type"] == "TVSeries"
    series_ld = json_ld(client.get("/series/slow-horses/"))[0]
    assert series_ld["aggregateRating"]["ratingValue"] == 5.0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "choose one"),
        ({"film": True, "series": True}, "choose one"),
        ({"film": True, "season_number": 1}, "Only a series has seasons"),
        ({"series": True, "season_number": 9}, "has no season 9"),
        ({"film": True, "rating": 6}, "cannot be higher than the top of the scale"),
    ],
)
def test_bad_reviews_are_refused_with_a_clear_message(reviews, fields, message):
    review = ReviewPage(title="A review", slug="a-review", rating=fields.get("rating", 3), best_rating=5)
    if fields.get("film"):
        review.reviewed_film = FilmFactory()
    if fields.get("series"):
        review.reviewed_series = SeriesFactory()
    review.season_number = fields.get("season_number")
    with pytest.raises(ValidationError, match=message):
        reviews.add_child(instance=review)
    assert not ReviewPage.objects.filter(slug="a-review").exists()


def test_reviews_live_only_in_a_reviews_section(reviews, topic_page):
    assert ReviewPage.can_create_at(reviews)
    assert not ReviewPage.can_create_at(topic_page)
    assert not ArticlePage.can_create_at(reviews)


def test_a_review_is_a_story_of_its_title_everywhere_stories_are(client, heat):
    film, review = heat
    assert "cops and thieves" in client.get("/films/heat/feed/").content.decode()  # on the title's story list
    assert "cops and thieves" in client.get("/reviews/").content.decode()  # the section lists its reviews
    assert "cops and thieves" in client.get("/reviews/feed/").content.decode()
    assert "cops and thieves" in client.get("/").content.decode()
    assert "/reviews/heat-review/" in client.get("/sitemap-stories.xml").content.decode()
    assert "/reviews/heat-review/" in client.get("/search/?q=thieves").content.decode()


def test_reviews_are_in_the_pages_api_with_their_rating(client, heat):
    listing = client.get("/api/v2/pages/?type=articles.ReviewPage&fields=rating,best_rating,verdict,reviewed_film")
    items = listing.json()["items"]
    assert {item["title"] for item in items} == {"Heat review: a city of cops and thieves", "Heat, again"}
    first = next(item for item in items if item["title"].startswith("Heat review"))
    assert first["rating"] == "4.5" and first["best_rating"] == 5
    assert first["reviewed_film"]["url"] == "/films/heat/"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_a_review_purges_the_reviewed_title_page(settings):
    from .factories import make_home_page

    settings.NEWSROOM_PAGE_CACHE = True
    home = make_home_page()
    section = ReviewIndexPageFactory(parent=home)
    film = FilmFactory()
    review = ReviewPageFactory(parent=section, reviewed_film=film, live=False)
    tags = [f"film:{film.pk}", f"topic:{section.pk}"]
    before = cache.current_versions(tags)
    with transaction.atomic():
        ReviewPage.objects.get(pk=review.pk).save_revision().publish()
    after = cache.current_versions(tags)
    assert all(after[tag] != before[tag] for tag in tags)

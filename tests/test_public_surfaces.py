"""Feeds, sitemap, robots, JSON API, indexes and search: right items, no drafts, no 500s on junk."""

import json

import feedparser
import pytest
from wagtail.models import Site

from articles.models import ArticlePage, FilmCompany

from .factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory
from .test_sitemap import sitemap

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(home_page, topic_page):
    studio = StudioFactory(name="STX Entertainment", aliases="STXfilms")
    person = PersonFactory(name="Ken Kaufman")
    film = FilmFactory(name="Steel Soldiers")
    FilmCompany.objects.create(film=film, studio=studio, role="distributor", territory="U.S. and international")
    author = AuthorFactory(name="Maya Lindqvist")
    live = ArticlePageFactory(
        parent=topic_page,
        title="Android soldiers story",
        links={"studios": [studio], "people": [person], "films": [film], "authors": [author], "tags": ["Sci-Fi"]},
    )
    draft = ArticlePageFactory(
        parent=topic_page,
        title="Unpublished android scoop",
        live=False,
        links={"studios": [studio], "people": [person], "films": [film], "authors": [author], "tags": ["Sci-Fi"]},
    )
    return {"live": live, "draft": draft, "studio": studio, "film": film}


FEEDS = [
    "/feed/",
    "/movie-news/feed/",
    "/studios/stx-entertainment/feed/",
    "/people/ken-kaufman/feed/",
    "/films/steel-soldiers/feed/",
    "/authors/maya-lindqvist/feed/",
    "/tags/sci-fi/feed/",
]


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_is_valid_rss_with_live_stories_only(client, stories, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Android soldiers story"]
    assert feed.entries[0].link.endswith(stories["live"].url)


def test_unknown_feed_slug_is_404(client, stories):
    assert client.get("/studios/nope/feed/").status_code == 404


def test_sitemap_lists_live_articles_and_entity_pages_never_drafts(client, stories):
    body = " ".join(sitemap(client))  # every section, read through the index
    assert stories["live"].url in body
    assert stories["draft"].slug not in body
    for path in (
        "/studios/stx-entertainment/",
        "/films/steel-soldiers/",
        "/people/ken-kaufman/",
        "/authors/maya-lindqvist/",
        "/tags/sci-fi/",
    ):
        assert path in body, path


def test_robots_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {Site.objects.get(is_default_site=True).root_url}/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_api_lists_live_pages_and_entities_with_relations_and_story_counts(client, stories):
    pages = client.get("/api/v2/pages/?type=articles.ArticlePage&fields=standfirst,studios,tags").json()
    assert [item["title"] for item in pages["items"]] == ["Android soldiers story"]
    assert pages["items"][0]["studios"][0]["url"] == "/studios/stx-entertainment/"
    studios = client.get("/api/v2/studios/").json()
    assert studios["items"][0]["name"] == "STX Entertainment"
    assert studios["items"][0]["story_count"] == 1
    film = client.get(f"/api/v2/films/{stories['film'].pk}/").json()
    assert film["companies"][0]["studio"]["name"] == "STX Entertainment"
    assert film["companies"][0]["territory"] == "U.S. and international"
    assert client.get(f"/api/v2/pages/{stories['draft'].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("limit=abc", 400),
        ("offset=-1", 400),
        ("limit=99999999999", 400),
        ("fields=nope", 400),
        ("nope=1", 400),
        ("order=%00", 400),
        ("search=%22%27", 200),  # quotes are a search like any other
    ],
)
def test_api_junk_parameters_answer_400_not_500(client, stories, query, status):
    for endpoint in ("pages", "studios", "films"):
        response = client.get(f"/api/v2/{endpoint}/?{query}")
        assert response.status_code == status, (endpoint, query, response.status_code)
        if status == 400:
            assert response.json()["message"], (endpoint, query)
        else:
            assert isinstance(response.json()["items"], list), (endpoint, query)


def test_indexes_list_entities_with_story_counts(client, stories):
    html = client.get("/studios/").content.decode()
    assert 'href="/studios/stx-entertainment/"' in html
    assert "1 story" in html
    assert "STX Entertainment" in client.get("/studios/?letter=s").content.decode()
    assert "STX Entertainment" not in client.get("/studios/?letter=B").content.decode()
    for url in ("/people/", "/films/", "/authors/", "/tags/"):
        assert client.get(url, {"letter": "%%", "page": "x"}).status_code == 200


def test_search_finds_entities_first_and_live_stories_only(client, stories):
    html = client.get("/search/", {"q": "android"}).content.decode()
    assert "<mark>Android</mark> soldiers story" in html  # matches highlighted
    assert "Unpublished android scoop" not in html
    html = client.get("/search/", {"q": "STX"}).content.decode()
    assert 'href="/studios/stx-entertainment/"' in html


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "a AND OR NOT", "(((", "*", "-", "😀🎬", "فيلم عربي", "x" * 10_000, "' OR 1=1 --", "\\", "%"],
)
def test_odd_search_strings_never_fail(client, stories, query):
    assert client.get("/search/", {"q": query}).status_code == 200


def test_nul_bytes_in_search_get_a_400_with_a_message(client):
    response = client.get("/search/", {"q": "abc\x00def"})
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_autocomplete_suggests_entity_names(client, stories):
    results = client.get("/search/autocomplete/", {"q": "Ste"}).json()["results"]
    assert {"name": "Steel Soldiers", "type": "film", "url": "/films/steel-soldiers/"} in results
    assert client.get("/search/autocomplete/", {"q": "\x00"}).json() == {"results": []}


def test_api_json_is_parseable_for_every_page(client, stories):
    ids = [item["id"] for item in client.get("/api/v2/pages/").json()["items"]]
    assert stories["live"].pk in ids  # the loop below checks something
    assert stories["draft"].pk not in ids
    for pk in ids:
        detail = client.get(f"/api/v2/pages/{pk}/")
        assert detail.status_code == 200
        assert json.loads(detail.content)["id"] == pk
    assert ArticlePage.objects.count() == 2


def test_search_ranks_the_newest_matches_and_keeps_query_and_sort_on_every_page(client, topic_page, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from articles import views

    now = timezone.now()
    # Oldest first: the best match ("Comet" in the title and the standfirst) is the oldest of all.
    best = ArticlePageFactory(parent=topic_page, title="Comet Pictures comet deal", standfirst="Comet again", date=now)
    best.date = now - timedelta(days=30)
    best.save()
    others = [
        ArticlePageFactory(
            parent=topic_page,
            title=f"Studio news {number}",
            body=[("paragraph", "<p>A comet is mentioned once.</p>")],
            date=now - timedelta(days=20 - number),
        )
        for number in range(3)
    ]
    newest_first = [story.pk for story in reversed(others)]

    monkeypatch.setattr(views, "SEARCH_WINDOW", 3)
    response = client.get("/search/", {"q": "comet"})
    assert {story.pk for story in response.context["results"]} == set(newest_first)  # the best is outside it
    assert "More than 3 stories match" in response.content.decode()

    monkeypatch.setattr(views, "SEARCH_WINDOW", 10)
    response = client.get("/search/", {"q": "comet"})
    assert [story.pk for story in response.context["results"]][0] == best.pk  # ranked first once considered
    assert "4 stories match" in response.content.decode()
    response = client.get("/search/", {"q": "comet", "sort": "newest"})
    assert [story.pk for story in response.context["results"]] == [*newest_first, best.pk]

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "SEARCH_PAGE_SIZE", 2)
    html = client.get("/search/", {"q": "comet", "sort": "newest"}).content.decode()
    assert 'href="?q=comet&amp;sort=newest&amp;page=2"' in html
    page_two = client.get("/search/", {"q": "comet", "sort": "newest", "page": "2"})
    assert [story.pk for story in page_two.context["results"]] == [newest_first[2], best.pk]

"""Junk in every public URL's query string and path: never a 5xx (CI runs this on SQLite and PostgreSQL)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from ..factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory
from ._report import tally

pytestmark = pytest.mark.django_db

JUNK = [
    "",
    "0",
    "-1",
    "99999999999999999999999",
    "1e9",
    "NaN",
    "2.5",
    "' OR 1=1 --",
    '"unclosed',
    "a & b | !c <-> d:*",
    "(((((",
    'title:foo AND -bar OR "baz"~2^3',
    "%00",
    "\x00",
    "x" * 10_000,
    "😀🎬🍿",
    "\u202eטקסט מימין לשמאל\u202c",
    "السينما العربية",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "{{7*7}}",
    "[]",
    "null",
    "true",
]
PAGE_PARAMS = ["page", "q", "sort", "letter", "format"]
API_PARAMS = ["limit", "offset", "type", "fields", "order", "search"]


@pytest.fixture
def site(topic_page):
    studio, person, film = StudioFactory(slug="stx"), PersonFactory(slug="someone"), FilmFactory(slug="a-film")
    author = AuthorFactory(slug="writer")
    article = ArticlePageFactory(
        parent=topic_page,
        slug="a-story",
        links={"studios": [studio], "people": [person], "films": [film], "authors": [author], "tags": ["Drama"]},
    )
    return [
        "/",
        topic_page.url,
        article.url,
        "/studios/",
        "/studios/stx/",
        "/people/someone/",
        "/films/a-film/",
        "/authors/writer/",
        "/tags/",
        "/tags/drama/",
        "/search/",
        "/search/autocomplete/",
        "/feed/",
        "/studios/stx/feed/",
        f"{topic_page.url}feed/",
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/sitemap-tags.xml",
        "/sitemap-news.xml",
        "/feed/atom/",
        "/feed/json/",
        "/studios/stx/feed/json/",
        f"{topic_page.url}feed/atom/",
        "/api/v2/pages/",
        f"/api/v2/pages/{article.pk}/",
        "/api/v2/studios/",
        "/api/v2/people/",
        "/api/v2/films/",
        "/api/v2/images/",
    ]


def test_junk_query_strings_never_answer_5xx(client, site):
    tried, failures = 0, []
    for url in site:
        for value in JUNK:
            for param in API_PARAMS if url.startswith("/api/") else PAGE_PARAMS:
                tried += 1
                response = client.get(url, {param: value})
                if response.status_code >= 500:
                    failures.append((url, param, value[:40], response.status_code))
            # A repeated parameter, a bare key and junk as the parameter's name.
            query = f"page=1&page={quote(value)}&q&{quote(value)}={quote(value)}"
            tried += 1
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append((url, query[:40], response.status_code))
    tally("junk inputs", tried, len(failures))
    assert not failures, failures[:20]


@pytest.mark.parametrize("prefix", ["/studios/", "/people/", "/films/", "/authors/", "/tags/", "/movie-news/"])
def test_junk_path_segments_answer_404_not_5xx(client, site, prefix):
    failures = []
    for value in JUNK:
        response = client.get(prefix + quote(value, safe="") + "/")
        if response.status_code >= 500 or response.status_code == 200 and value:
            failures.append((prefix, value[:40], response.status_code))
    tally("junk inputs", len(JUNK), len(failures))
    assert not failures, failures

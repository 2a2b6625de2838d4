"""The header contract for a shared cache in front (articles/cdn.py, docs/deploy.md)."""

import pytest
from django.core.cache import cache

from articles.models import ArticlePage

from .factories import ArticlePageFactory, StudioFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def cached(settings, topic_page):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    cache.clear()
    studio = StudioFactory(name="STX Entertainment", slug="stx")
    ArticlePageFactory(parent=topic_page, title="STX signs a deal", slug="stx-deal", links={"studios": [studio]})
    return studio


@pytest.mark.parametrize("path", ["/", "/movie-news/", "/movie-news/stx-deal/", "/studios/stx/", "/feed/"])
def test_public_pages_carry_shared_cache_headers_and_their_keys(client, cached, path):
    for attempt in ("miss", "hit"):
        response = client.get(path)
        assert response["X-Page-Cache"] == attempt
        assert "public" in response["Cache-Control"] and "s-maxage=600" in response["Cache-Control"]
        keys = set(response["xkey"].split())
        assert response["Surrogate-Key"] == response["xkey"]
        assert {"everything", "nav"} <= keys
        # A hit is answered before the security middleware runs: the stored page carries its headers.
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY" and "camera=()" in response["Permissions-Policy"]
    if path == "/studios/stx/":
        assert {f"studio:{cached.pk}", f"obj:studio:{cached.pk}"} <= keys


def test_editors_and_the_admin_get_no_shared_cache_headers(admin_client, client, cached):
    for response in (admin_client.get("/"), admin_client.get("/admin/"), client.get("/_util/login/")):
        assert "xkey" not in response
        assert "s-maxage" not in response.get("Cache-Control", "")


def test_the_pages_api_is_cached_per_query_string_with_its_keys_for_readers_only(client, admin_client, cached):
    article = ArticlePage.objects.get(slug="stx-deal")
    answers = {}
    for path in ["/api/v2/pages/", "/api/v2/pages/?type=articles.ArticlePage", f"/api/v2/pages/{article.pk}/"]:
        for attempt in ("miss", "hit"):
            response = client.get(path)
            assert response["X-Page-Cache"] == attempt, path
            assert response["Content-Type"] == "application/json"
            # Vary: Accept-Encoding (compression) is fine; Vary: Accept would split the cache per browser.
            assert "accept" not in [name.strip().lower() for name in response.get("Vary", "").split(",")]
            assert "s-maxage=600" in response["Cache-Control"] and {"everything", "all"} <= set(
                response["xkey"].split()
            )
            answers.setdefault(path, set()).add(response.content)
    assert all(len(bodies) == 1 for bodies in answers.values())  # a hit gives what the miss gave
    assert len({bodies.pop() for bodies in answers.values()}) == 3  # one entry per query string
    # Readers get JSON only, so one URL has one answer; the browsable API is for signed-in editors (never cached).
    assert client.get("/api/v2/pages/?format=api").status_code == 404
    browsable = admin_client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html") and "xkey" not in browsable

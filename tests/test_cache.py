"""The anonymous full-page cache and its invalidation by dependency tags."""

import pytest
from django.core.cache import cache as django_cache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from articles import cache
from articles.models import FilmCredit
from articles.signals import article_tags, topic_tags

from .factories import ArticlePageFactory, FilmFactory, PersonFactory, StudioFactory, TopicPageFactory

RENDERS = {"count": 0}


def counting_view(request, tag):
    """Renders a fresh number on every real render, so a cache hit is visible."""
    cache.depends_on(request, tag)
    RENDERS["count"] += 1
    return HttpResponse(f"render {RENDERS['count']}")


def undeclared_view(request):
    RENDERS["count"] += 1
    return HttpResponse(f"render {RENDERS['count']}")


urlpatterns = [
    path("tagged/<str:tag>/", counting_view),
    path("plain/", undeclared_view),
]


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    django_cache.clear()
    yield
    django_cache.clear()


@pytest.fixture
def cached_client(client, page_cache):
    with override_settings(ROOT_URLCONF=__name__):
        yield client


def test_anonymous_get_is_served_from_cache_until_its_tag_is_purged(cached_client):
    first = cached_client.get("/tagged/studio:1/")
    second = cached_client.get("/tagged/studio:1/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content

    cache.purge("studio:2")
    assert cached_client.get("/tagged/studio:1/").content == first.content  # another tag: still fresh

    cache.purge("studio:1")
    third = cached_client.get("/tagged/studio:1/")
    assert third["X-Page-Cache"] == "miss"
    assert third.content != first.content


def test_bulk_purge_makes_every_page_stale(cached_client):
    first = cached_client.get("/tagged/film:3/")
    cache.purge("everything")
    assert cached_client.get("/tagged/film:3/").content != first.content


def test_pages_declaring_nothing_depend_on_every_content_change(cached_client):
    first = cached_client.get("/plain/")
    assert cached_client.get("/plain/").content == first.content
    cache.purge("all")
    assert cached_client.get("/plain/").content != first.content


def test_junk_query_parameters_share_one_cache_entry(cached_client):
    first = cached_client.get("/tagged/tag:1/?utm_source=x&%00=%ff")
    second = cached_client.get("/tagged/tag:1/?fbclid=abc")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert cached_client.get("/tagged/tag:1/?page=2")["X-Page-Cache"] == "miss"


def test_editors_with_a_session_are_never_served_cached_pages(cached_client, settings):
    cached_client.get("/tagged/tag:9/")
    cached_client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
    response = cached_client.get("/tagged/tag:9/")
    assert "X-Page-Cache" not in response


def test_cache_can_be_switched_off(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    with override_settings(ROOT_URLCONF=__name__):
        assert "X-Page-Cache" not in client.get("/tagged/tag:9/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_an_article_purges_its_entities_topics_and_listings(home_page, page_cache):
    studio, person, film = StudioFactory(), PersonFactory(), FilmFactory()
    topic = TopicPageFactory(parent=home_page, rules={"studios": [studio]})
    other_topic = TopicPageFactory(parent=home_page)
    story = ArticlePageFactory(parent=other_topic, live=False, links={"studios": [studio], "people": [person]})
    watched = ["listing", f"studio:{studio.pk}", f"person:{person.pk}", f"film:{film.pk}", f"topic:{topic.pk}"]
    watched += [f"topic:{other_topic.pk}", f"article:{story.pk}"]
    before = cache.current_versions(watched)

    story.save_revision().publish()

    after = cache.current_versions(watched)
    changed = {tag for tag in watched if after[tag] != before[tag]}
    assert changed == set(watched) - {f"film:{film.pk}"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_removing_an_entity_from_a_live_article_purges_the_old_entity_page(home_page, page_cache):
    old_studio, new_studio = StudioFactory(), StudioFactory()
    topic = TopicPageFactory(parent=home_page)
    story = ArticlePageFactory(parent=topic, links={"studios": [old_studio]})
    before = cache.current_versions([f"studio:{old_studio.pk}", f"studio:{new_studio.pk}"])

    story.studios.set([new_studio])
    story.save_revision().publish()

    after = cache.current_versions([f"studio:{old_studio.pk}", f"studio:{new_studio.pk}"])
    assert after[f"studio:{old_studio.pk}"] != before[f"studio:{old_studio.pk}"]
    assert after[f"studio:{new_studio.pk}"] != before[f"studio:{new_studio.pk}"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editing_a_film_credit_purges_the_person_page(page_cache):
    film, person = FilmFactory(), PersonFactory()
    before = cache.current_versions([f"person:{person.pk}"])
    with transaction.atomic():
        FilmCredit.objects.create(film=film, person=person, role="director")
    assert cache.current_versions([f"person:{person.pk}"]) != before


@pytest.mark.django_db
def test_dependency_tags_of_an_article_and_a_topic(home_page):
    studio = StudioFactory()
    topic = TopicPageFactory(parent=home_page, rules={"studios": [studio], "tags": []})
    story = ArticlePageFactory(parent=topic, links={"studios": [studio], "tags": ["Deals"]})
    tags = article_tags(story.pk)
    assert {f"article:{story.pk}", f"studio:{studio.pk}", f"topic:{topic.pk}", "listing"} <= tags
    assert any(tag.startswith("tag:") for tag in tags)
    assert f"studio:{studio.pk}" in topic_tags(topic.pk)


def test_an_evicted_version_never_makes_a_stale_page_fresh(cached_client):
    """A backend may drop a version key (culling, memory pressure); the page rendered before the purge stays stale."""
    first = cached_client.get("/tagged/studio:5/")
    cache.purge("studio:5")
    django_cache.delete(cache.VERSION_PREFIX + "studio:5")
    second = cached_client.get("/tagged/studio:5/")
    assert second["X-Page-Cache"] == "miss"
    assert second.content != first.content


def test_a_process_copy_serves_hits_while_fresh_and_never_after_a_purge(cached_client):
    """Each process keeps copies of stored pages (a hit then reads only the versions from the shared cache); a copy
    answers while the shared versions are the ones it was rendered with, like the shared entry, and no longer."""
    first = cached_client.get("/tagged/studio:8/")
    django_cache.delete(cache._cache_key(first.wsgi_request))  # the shared entry is gone (evicted, another server)
    copy = cached_client.get("/tagged/studio:8/")
    assert copy["X-Page-Cache"] == "hit" and copy.content == first.content
    cache.purge("studio:8")  # e.g. by the worker
    second = cached_client.get("/tagged/studio:8/")
    assert second["X-Page-Cache"] == "miss" and second.content != first.content
    assert cached_client.get("/tagged/studio:8/").content == second.content


def test_process_copies_can_be_switched_off(cached_client, settings):
    settings.NEWSROOM_PAGE_COPIES = 0
    first = cached_client.get("/tagged/studio:9/")
    django_cache.delete(cache._cache_key(first.wsgi_request))
    assert cached_client.get("/tagged/studio:9/")["X-Page-Cache"] == "miss"


def test_every_purge_writes_a_version_never_seen_before(page_cache):
    """Purges overwrite rather than increment, so a lost race between two of them cannot bring an old version back."""
    seen = [cache.current_versions(["studio:6"])["studio:6"]]
    for _ in range(20):
        cache.purge("studio:6")
        seen.append(cache.current_versions(["studio:6"])["studio:6"])
    assert len(set(seen)) == len(seen)


DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_cache"}}


@pytest.mark.django_db
def test_pages_are_cached_and_purged_in_the_database_cache(client, settings):
    """The default cache without REDIS_URL: a table that every process on the database shares."""
    settings.NEWSROOM_PAGE_CACHE = True
    with override_settings(CACHES=DATABASE_CACHE, ROOT_URLCONF=__name__):
        call_command("createcachetable", verbosity=0)
        first = client.get("/tagged/studio:7/")
        assert client.get("/tagged/studio:7/")["X-Page-Cache"] == "hit"
        cache.purge("studio:7")
        second = client.get("/tagged/studio:7/")
        assert second["X-Page-Cache"] == "miss"
        assert second.content != first.content

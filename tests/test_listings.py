"""The precomputed story listings stay exactly what the pages say after every kind of change.

After each step the table is compared with a from-scratch rebuild (``listings.drift()``, what
``manage.py rebuild_listings --check`` runs), and the public list itself is checked.
"""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from articles import listings
from articles.apps import fill_story_listings
from articles.curation.entities import merge_entities
from articles.curation.tags import merge_tags, promote_tag
from articles.models import ArticlePage, Person, StoryListing, Studio

from .factories import ArticlePageFactory, AuthorFactory, PersonFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db


def on(kind: str, key: int = 0) -> list[int]:
    return list(listings.newest(kind, key))


def assert_in_step() -> None:
    assert listings.drift() == {}


@pytest.fixture
def newsroom(home_page):
    studio, other = StudioFactory(name="STX Entertainment"), StudioFactory(name="Alibaba Pictures")
    person = PersonFactory(name="Robert Zemeckis")
    author = AuthorFactory(name="Staff writer")
    movie_news = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
    deals = TopicPageFactory(parent=home_page, title="Deals", slug="deals", rules={"studios": [other]})
    now = timezone.now()
    older = ArticlePageFactory(
        parent=movie_news,
        title="Older",
        date=now - timedelta(days=2),
        links={"studios": [studio], "people": [person], "authors": [author], "tags": ["Sci-fi"]},
    )
    newer = ArticlePageFactory(
        parent=movie_news, title="Newer", date=now - timedelta(days=1), links={"studios": [studio, other]}
    )
    return {
        "studio": studio,
        "other": other,
        "person": person,
        "author": author,
        "movie_news": movie_news,
        "deals": deals,
        "older": older,
        "newer": newer,
        "now": now,
    }


def test_published_stories_are_on_every_list_that_shows_them_newest_first(newsroom):
    older, newer = newsroom["older"].pk, newsroom["newer"].pk
    assert on("all") == [newer, older]
    assert on("topic", newsroom["movie_news"].pk) == [newer, older]
    assert on("topic", newsroom["deals"].pk) == [newer]  # by its rule
    assert on("studio", newsroom["studio"].pk) == [newer, older]
    assert on("person", newsroom["person"].pk) == [older]
    assert on("author", newsroom["author"].pk) == [older]
    assert on("tag", Tag.objects.get(name="Sci-fi").pk) == [older]
    assert_in_step()


def test_drafts_publishing_unpublishing_and_date_changes(newsroom):
    draft = ArticlePageFactory(parent=newsroom["movie_news"], title="Draft", live=False)
    assert draft.pk not in on("all")
    assert_in_step()

    draft.save_revision().publish()
    assert on("all")[0] == draft.pk
    assert draft.pk in on("topic", newsroom["movie_news"].pk)
    assert_in_step()

    older = ArticlePage.objects.get(pk=newsroom["older"].pk)
    older.date = newsroom["now"] + timedelta(hours=1)
    older.save_revision().publish()
    assert on("studio", newsroom["studio"].pk)[0] == older.pk
    assert_in_step()

    older.unpublish()
    for kind, key in (("all", 0), ("studio", newsroom["studio"].pk), ("person", newsroom["person"].pk)):
        assert older.pk not in on(kind, key)
    assert_in_step()

    ArticlePage.objects.get(pk=newsroom["newer"].pk).delete()
    assert newsroom["newer"].pk not in on("all")
    assert not StoryListing.objects.filter(article_id=newsroom["newer"].pk).exists()
    assert_in_step()


def test_editing_a_live_story_as_a_draft_changes_no_list_until_published(newsroom):
    older = ArticlePage.objects.get(pk=newsroom["older"].pk)
    older.studios.set([newsroom["other"]])
    older.save_revision()  # a draft: the live page keeps its links
    assert older.pk in on("studio", newsroom["studio"].pk)
    assert older.pk not in on("studio", newsroom["other"].pk)
    older.get_latest_revision().publish()
    assert older.pk not in on("studio", newsroom["studio"].pk)
    assert older.pk in on("studio", newsroom["other"].pk)
    assert older.pk in on("topic", newsroom["deals"].pk)  # now matches the Deals rule
    assert_in_step()


def test_moves_rule_changes_and_view_restrictions(newsroom):
    older = newsroom["older"]
    older.move(newsroom["deals"], pos="last-child")
    assert older.pk not in on("topic", newsroom["movie_news"].pk)
    assert older.pk in on("topic", newsroom["deals"].pk)
    assert_in_step()

    movie_news = newsroom["movie_news"]
    movie_news.rule_people.set([newsroom["person"]])
    movie_news.save_revision().publish()
    assert older.pk in on("topic", movie_news.pk)  # back through the new rule
    assert_in_step()

    restriction = PageViewRestriction.objects.create(
        page=newsroom["deals"], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert older.pk not in on("all")
    assert older.pk not in on("topic", movie_news.pk)
    assert_in_step()
    restriction.delete()
    assert older.pk in on("all")
    assert_in_step()


def test_deleting_entities_tags_authors_and_topics_drops_their_lists(newsroom):
    newsroom["other"].delete()  # named by the Deals rule
    assert on("studio", newsroom["other"].pk) == []
    assert on("topic", newsroom["deals"].pk) == []
    Tag.objects.get(name="Sci-fi").delete()
    newsroom["author"].delete()
    assert on("author", newsroom["author"].pk) == []
    assert_in_step()
    deals_pk = newsroom["deals"].pk
    newsroom["deals"].delete()
    assert on("topic", deals_pk) == []
    assert_in_step()


def test_curation_moves_stories_between_lists_and_a_dry_run_leaves_them(newsroom):
    studio, other = newsroom["studio"], newsroom["other"]
    before = on("studio", other.pk)
    merge_entities(studio, into=other, dry_run=True)
    assert on("studio", other.pk) == before
    assert_in_step()

    merge_entities(studio, into=other)
    assert on("studio", other.pk) == [newsroom["newer"].pk, newsroom["older"].pk]
    assert on("studio", studio.pk) == []
    assert on("topic", newsroom["deals"].pk) == [newsroom["newer"].pk, newsroom["older"].pk]
    assert_in_step()

    scifi = Tag.objects.get(name="Sci-fi")
    merge_tags([scifi], into="Science fiction")
    assert on("tag", scifi.pk) == []
    assert on("tag", Tag.objects.get(name="Science fiction").pk) == [newsroom["older"].pk]
    assert_in_step()

    result = promote_tag(Tag.objects.get(name="Science fiction"), kind="person", name="Sci Fi Person")
    assert result
    person = Person.objects.get(name="Sci Fi Person")
    assert on("person", person.pk) == [newsroom["older"].pk]
    assert_in_step()


def test_rebuild_command_reports_and_repairs_drift_and_marks_cached_pages_stale(
    newsroom, django_capture_on_commit_callbacks
):
    from articles.cache import current_versions

    call_command("rebuild_listings", "--check")
    StoryListing.objects.filter(kind="studio").delete()
    StoryListing.objects.create(kind="tag", key=999, article_id=newsroom["older"].pk, date=newsroom["now"])
    with pytest.raises(CommandError, match="missing studio: 3.*extra tag: 1|extra tag: 1.*missing studio: 3"):
        call_command("rebuild_listings", "--check")
    before = current_versions(["everything"])["everything"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_listings")
    assert current_versions(["everything"])["everything"] != before
    call_command("rebuild_listings", "--check")
    assert on("studio", newsroom["studio"].pk) == [newsroom["newer"].pk, newsroom["older"].pk]


def test_a_database_migrated_from_before_the_listings_gets_them_filled(newsroom):
    StoryListing.objects.all().delete()
    fill_story_listings(sender=None, using="default")
    assert on("all") == [newsroom["newer"].pk, newsroom["older"].pk]
    assert_in_step()


def test_entity_pages_count_and_list_from_the_listings(client, newsroom):
    response = client.get("/studios/stx-entertainment/")
    assert [story.pk for story in response.context["stories"]] == [newsroom["newer"].pk, newsroom["older"].pk]
    assert response.context["stories"].paginator.count == 2
    index = client.get("/studios/")
    counts = {entity.name: entity.story_count for entity in index.context["entities"]}
    assert counts == {"STX Entertainment": 2, "Alibaba Pictures": 1}
    assert Studio.objects.with_story_count().get(pk=newsroom["other"].pk).story_count == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cached_list_counts_follow_every_change_of_the_list(client, settings, home_page):
    """Counts (pagination) are cached under the list's dependency tag, which every change purges on commit."""
    from django.core.cache import cache

    from articles.curation.entities import merge_entities

    settings.NEWSROOM_TAGGED_CACHE = True
    cache.clear()
    studio, other = StudioFactory(name="STX Entertainment"), StudioFactory(name="Alibaba Pictures")
    topic = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
    first = ArticlePageFactory(parent=topic, title="First", links={"studios": [studio]})

    def counts() -> tuple[int, int, int, int]:
        lists = [("all", 0), ("topic", topic.pk), ("studio", studio.pk), ("studio", other.pk)]
        return tuple(listings.StoryList(kind, key).count() for kind, key in lists)

    assert counts() == (1, 1, 1, 0)
    StoryListing.objects.filter(kind="all").delete()  # behind the cache's back: the cached count still answers
    assert listings.StoryList("all").count() == 1
    listings.rebuild()

    second = ArticlePageFactory(parent=topic, title="Second", live=False, links={"studios": [studio]})

    def api_count() -> int:
        return client.get("/api/v2/pages/", {"type": "articles.ArticlePage"}).json()["meta"]["total_count"]

    def studio_story_counts() -> tuple[int, dict[str, int]]:
        detail = client.get(f"/api/v2/studios/{studio.pk}/").json()["story_count"]
        listing = client.get("/api/v2/studios/").json()["items"]
        return detail, {item["name"]: item["story_count"] for item in listing}

    assert counts() == (1, 1, 1, 0) and api_count() == 1
    assert studio_story_counts() == (1, {"STX Entertainment": 1, "Alibaba Pictures": 0})
    second.save_revision().publish()
    assert counts() == (2, 2, 2, 0) and api_count() == 2
    assert studio_story_counts() == (2, {"STX Entertainment": 2, "Alibaba Pictures": 0})
    first.unpublish()
    assert counts() == (1, 1, 1, 0) and api_count() == 1
    assert studio_story_counts() == (1, {"STX Entertainment": 1, "Alibaba Pictures": 0})
    merge_entities(studio, into=other)  # bulk curation
    assert counts()[3] == 1
    excluded = listings.StoryList("all", exclude=[second.pk])
    assert excluded.count() == 0 and list(excluded[:5]) == []


def test_the_api_count_of_a_filter_that_matches_nothing_is_zero(settings):
    from articles.api import _CachedCount

    settings.NEWSROOM_TAGGED_CACHE = True
    assert _CachedCount(ArticlePage.objects.filter(pk__in=[])).count() == 0
    assert _CachedCount(ArticlePage.objects.none()).count() == 0

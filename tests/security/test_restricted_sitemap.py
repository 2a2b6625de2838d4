"""/sitemap.xml reads the public story lists: a restricted story adds no tag, moves no lastmod and is not listed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage

from ..factories import ArticlePageFactory, StudioFactory, TopicPageFactory
from ..test_sitemap import sitemap
from ._report import tally

pytestmark = pytest.mark.django_db

KIND = "restricted-page surfaces"


@pytest.fixture
def site(home_page, topic_page):
    studio = StudioFactory(name="Members Studio", slug="members-studio")
    public = ArticlePageFactory(
        parent=topic_page, title="Open story", slug="open-story", links={"studios": [studio], "tags": ["Open tag"]}
    )
    members = TopicPageFactory(parent=home_page, title="Members", slug="members")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    private = ArticlePageFactory(
        parent=topic_page, title="Private story", slug="private-story", links={"tags": ["Members only tag"]}
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="letmein")
    return {"public": public, "studio": studio, "members": members}


def test_a_tag_only_on_a_restricted_story_is_not_in_the_sitemap(client, site):
    urls = sitemap(client)
    tally(KIND, 2, ("/tags/members-only-tag/" in urls) + ("/tags/open-tag/" not in urls))
    assert "/tags/open-tag/" in urls
    assert "/tags/members-only-tag/" not in urls


def test_restricted_stories_and_sections_are_not_in_the_sitemap(client, site):
    urls = sitemap(client)
    tally(KIND, 2, ("/movie-news/private-story/" in urls) + ("/members/" in urls))
    assert "/movie-news/open-story/" in urls
    assert "/movie-news/private-story/" not in urls
    assert "/members/" not in urls


def test_publishing_a_restricted_story_does_not_move_an_entity_lastmod(client, site):
    """A story published under a restricted section, later than every public one, leaves the studio's lastmod."""
    before = sitemap(client)["/studios/members-studio/"]
    story = ArticlePageFactory(
        parent=site["members"], title="Members scoop", slug="members-scoop", links={"studios": [site["studio"]]}
    )
    ArticlePage.objects.filter(pk=story.pk).update(last_published_at=timezone.now() + timedelta(days=3))
    assert ArticlePage.objects.get(pk=story.pk).live
    after = sitemap(client)["/studios/members-studio/"]
    tally(KIND, 1, after != before)
    assert "/members/members-scoop/" not in sitemap(client)
    assert after == before

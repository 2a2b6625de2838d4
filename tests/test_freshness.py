"""With the page cache on, a published change shows at once on every page that should show it."""

import pytest
from django.core.cache import cache
from taggit.models import Tag
from wagtail.models import Site

from articles.models import ArticlePage, HomeFeaturedTopic, HomePage, HomeTopStory, TopicPage, TopicPinnedStory

from .factories import ArticlePageFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def cached_site(settings, home_page):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    cache.clear()
    studio = StudioFactory(name="STX Entertainment")
    movie_news = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
    TopicPageFactory(parent=home_page, title="Studio watch", slug="studio-watch", rules={"studios": [studio]})
    ArticlePageFactory(parent=movie_news, title="An older story", links={"studios": [studio], "tags": ["Deals"]})
    return {"studio": studio, "topic": movie_news}


PAGES = [
    "/",
    "/movie-news/",
    "/studio-watch/",
    "/studios/stx-entertainment/",
    "/tags/deals/",
    "/feed/",
    "/movie-news/feed/",
    "/studios/stx-entertainment/feed/",
    "/tags/deals/feed/",
]


def test_publishing_shows_at_once_on_home_topic_entity_and_tag_pages(client, cached_site):
    for url in PAGES:
        assert client.get(url).status_code == 200
        assert client.get(url)["X-Page-Cache"] == "hit", url  # cached now
    draft = ArticlePageFactory(
        parent=cached_site["topic"],
        title="Breaking studio news",
        live=False,
        links={"studios": [cached_site["studio"]], "tags": ["Deals"]},
    )
    for url in PAGES:
        assert "Breaking studio news" not in client.get(url).content.decode(), url
    draft.save_revision().publish()
    for url in PAGES:
        assert "Breaking studio news" in client.get(url).content.decode(), url


def test_unpublishing_and_editing_show_at_once(client, cached_site):
    story = ArticlePage.objects.get(title="An older story")
    for url in PAGES:
        client.get(url)
    story.title = "A renamed story"
    story.save_revision().publish()
    for url in PAGES:
        assert "A renamed story" in client.get(url).content.decode(), url
    assert "A renamed story" in client.get(story.url).content.decode()
    story.unpublish()
    for url in PAGES:
        assert "A renamed story" not in client.get(url).content.decode(), url


def test_renaming_an_entity_shows_on_its_pages_and_its_articles(client, cached_site):
    story = ArticlePage.objects.get(title="An older story")
    for url in [*PAGES, story.url]:
        client.get(url)
    studio = cached_site["studio"]
    studio.name = "STX Films Group"
    studio.save()
    assert "STX Films Group" in client.get("/studios/stx-entertainment/").content.decode()
    assert "STX Films Group" in client.get(story.url).content.decode()
    assert "STX Films Group" in client.get("/studio-watch/").content.decode()


def test_the_home_pages_choices_show_at_once(client, cached_site, home_page):
    """Top stories and featured topics (remembered between requests) follow a publish of the home page and of a
    featured topic's title."""
    studio_watch = TopicPage.objects.get(slug="studio-watch")
    story = ArticlePage.objects.get(title="An older story")
    ArticlePageFactory(parent=cached_site["topic"], title="The newest story")  # leads, so the older one can be top
    assert 'id="top-heading"' not in client.get("/").content.decode()
    home = HomePage.objects.get(pk=home_page.pk)
    home.featured_topics = [HomeFeaturedTopic(topic=studio_watch)]
    home.top_stories = [HomeTopStory(story=story)]
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'id="top-heading"' in html
    assert '<li><a href="/studio-watch/">Studio watch</a></li>' in html
    studio_watch.title = "Studio business"
    studio_watch.save_revision().publish()
    assert '<li><a href="/studio-watch/">Studio business</a></li>' in client.get("/").content.decode()


def test_a_topics_pinned_stories_and_covers_show_at_once(client, cached_site):
    """What a topic pins and what its rules name (remembered between requests) follow the topic and the names."""
    topic = TopicPage.objects.get(slug="studio-watch")
    assert 'id="pinned-heading"' not in client.get(topic.url).content.decode()
    topic.pinned_stories = [TopicPinnedStory(story=ArticlePage.objects.get(title="An older story"))]
    topic.rule_tags = [Tag.objects.get(name="Deals")]
    topic.save_revision().publish()
    html = client.get(topic.url).content.decode()
    assert 'id="pinned-heading"' in html
    assert '<a class="chip chip--tag" href="/tags/deals/">Deals</a>' in html
    tag = Tag.objects.get(name="Deals")
    tag.name = "Mergers"
    tag.save()
    assert '<a class="chip chip--tag" href="/tags/deals/">Mergers</a>' in client.get(topic.url).content.decode()


def test_a_change_of_site_address_shows_in_canonical_links_at_once(client, cached_site):
    """The request's Site is remembered between requests; saving it shows its new address on every page."""
    assert '<link rel="canonical" href="http://localhost/movie-news/">' in client.get("/movie-news/").content.decode()
    site = Site.objects.get(is_default_site=True)
    site.hostname = "news.example.org"
    site.save()
    for url in ("/movie-news/", "/studios/stx-entertainment/"):
        assert f'<link rel="canonical" href="http://news.example.org{url}">' in client.get(url).content.decode()


def test_the_pages_api_is_served_from_the_cache_and_fresh_after_publish_edit_and_unpublish(client, cached_site):
    story = ArticlePage.objects.get(title="An older story")
    listings = ["/api/v2/pages/", "/api/v2/pages/?type=articles.ArticlePage&fields=title,studios"]
    detail = f"/api/v2/pages/{story.pk}/"
    for url in [*listings, detail]:
        assert client.get(url).status_code == 200
        assert client.get(url)["X-Page-Cache"] == "hit", url
    studio = cached_site["studio"]
    draft = ArticlePageFactory(
        parent=cached_site["topic"], title="Breaking studio news", live=False, links={"studios": [studio]}
    )
    for url in listings:
        assert "Breaking studio news" not in client.get(url).content.decode(), url
    draft.save_revision().publish()
    for url in listings:
        assert "Breaking studio news" in client.get(url).content.decode(), url

    story.title = "A renamed story"
    story.save_revision().publish()
    for url in [*listings, detail]:
        assert "A renamed story" in client.get(url).content.decode(), url
    studio.name = "STX Films Group"
    studio.save()
    assert "STX Films Group" in client.get(listings[1]).content.decode()

    story.unpublish()
    for url in listings:
        assert "A renamed story" not in client.get(url).content.decode(), url
    assert client.get(detail).status_code == 404

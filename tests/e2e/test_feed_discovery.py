"""Feed readers find each listing's RSS feed from the page a reader is on, and it carries that page's stories."""

import feedparser
import pytest

pytestmark = pytest.mark.django_db(transaction=True)

LISTINGS = {
    "/movie-news/": "Movie News",
    "/films/steel-soldiers/": "Steel Soldiers",
    "/people/robert-zemeckis/": "Robert Zemeckis",
    "/studios/alibaba-pictures/": "Alibaba Pictures",
    "/tags/sci-fi/": "Sci-Fi",
}


def test_every_listing_advertises_its_own_valid_feed(page, demo_site):
    """Topic, film, person, studio and tag pages point feed readers at their own feed, which lists the stories
    the page shows."""
    for path, name in LISTINGS.items():
        page.goto(demo_site.url + path)
        link = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
        assert link.count() == 1, path
        href = link.get_attribute("href")
        assert href == f"{path}feed/"
        response = page.request.get(demo_site.url + href)
        assert response.ok, href
        feed = feedparser.parse(response.body())
        assert not feed.bozo, (href, feed.bozo_exception)
        assert name in feed.feed.title
        on_page = {title.strip() for title in page.locator(".card__title").all_inner_texts()}
        in_feed = {entry.title for entry in feed.entries}
        assert in_feed and in_feed & on_page, href

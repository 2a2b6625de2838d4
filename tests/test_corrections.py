"""Corrections and updates (issue #19): on the story, in /corrections/ and its feeds, in JSON-LD and the sitemap;
and a story's dateModified that moves on a real change only."""

import json
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from articles.models import ArticlePage, Correction

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def correct(story: ArticlePage, text: str, kind: str = "correction", date=None, publish: bool = True) -> ArticlePage:
    """Add a note to the story in the editor's way: a new revision, published unless ``publish`` is False."""
    page = ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object()
    page.corrections.add(Correction(kind=kind, text=text, date=date or timezone.now()))
    revision = page.save_revision()
    if publish:
        revision.publish()
    return ArticlePage.objects.get(pk=story.pk)


def json_ld(response) -> list[dict]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


def news_article(client, story) -> dict:
    return next(block for block in json_ld(client.get(story.url)) if block["@type"] == "NewsArticle")


@pytest.fixture
def story(topic_page):
    return ArticlePageFactory(parent=topic_page, title="Steel Soldiers opens in March", slug="steel-soldiers")


def test_a_published_correction_shows_on_the_story_as_a_dated_note(client, story):
    """The note shows under the story with its kind, date and text, and an anchor the archive links to."""
    story = correct(story, "An earlier version gave the wrong release month.", date=timezone.now() - timedelta(hours=1))
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    note = soup.select_one("section.corrections aside.correction--correction")
    correction = story.corrections.get()
    assert note["id"] == f"correction-{correction.pk}"
    assert "Correction" in note.select_one(".correction__label").get_text()
    assert note.select_one("time")["datetime"] == correction.date.isoformat()
    assert note.select_one(".correction__text").get_text() == "An earlier version gave the wrong release month."


def test_a_correction_in_an_unpublished_draft_shows_nowhere(client, story):
    """Until the story is published again, a note saved in a draft is not on the story, the archive or its feed."""
    correct(story, "Not yet public.", publish=False)
    assert b"Not yet public." not in client.get(story.url).content
    assert b"Not yet public." not in client.get("/corrections/").content
    assert b"Not yet public." not in client.get("/corrections/feed/").content


def test_the_story_json_ld_carries_each_correction_as_a_correction_comment(client, story):
    story = correct(story, "The director's name was misspelt.")
    data = news_article(client, story)
    (comment,) = data["correction"]
    correction = story.corrections.get()
    assert comment["@type"] == "CorrectionComment"
    assert comment["text"] == "Correction: The director's name was misspelt."
    assert comment["datePublished"] == correction.date.isoformat()
    assert comment["url"].endswith(f"{story.url}#correction-{correction.pk}")


def test_a_story_without_corrections_has_no_block_and_no_correction_property(client, story):
    response = client.get(story.url)
    assert b'class="corrections"' not in response.content
    assert "correction" not in news_article(client, story)


@pytest.fixture
def archive(topic_page, home_page):
    """Three notes on live stories, a note on a story since unpublished, and one on a private story."""
    from wagtail.models import PageViewRestriction

    from .factories import TopicPageFactory

    now = timezone.now()
    first = ArticlePageFactory(parent=topic_page, title="Casting news")
    second = ArticlePageFactory(parent=topic_page, title="Box office weekend")
    correct(first, "The actor's age was wrong.", date=now - timedelta(days=3))
    correct(second, "The figure excludes previews.", kind="clarification", date=now - timedelta(days=2))
    correct(first, "The studio has since confirmed the date.", kind="update", date=now - timedelta(days=1))
    gone = ArticlePageFactory(parent=topic_page, title="Withdrawn story")
    correct(gone, "A note on a withdrawn story.")
    ArticlePage.objects.get(pk=gone.pk).unpublish()
    private = TopicPageFactory(parent=home_page, title="Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    correct(ArticlePageFactory(parent=private, title="Private story"), "A note behind a password.")
    return {"first": first, "second": second}


def archive_texts(response) -> list[str]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [item.select_one(".correction__text").get_text() for item in soup.select("ol.correction-list li")]


def test_the_archive_lists_notes_on_live_public_stories_newest_first(client, archive):
    assert archive_texts(client.get("/corrections/")) == [
        "The studio has since confirmed the date.",
        "The figure excludes previews.",
        "The actor's age was wrong.",
    ]


def test_the_archive_links_each_note_to_its_place_on_the_story(client, archive):
    soup = BeautifulSoup(client.get("/corrections/").content, "html.parser")
    note = Correction.objects.get(text="The figure excludes previews.")
    links = [a["href"] for a in soup.select("ol.correction-list a")]
    assert f"{archive['second'].url}#correction-{note.pk}" in links


def test_the_archive_filters_by_type(client, archive):
    assert archive_texts(client.get("/corrections/?type=clarification")) == ["The figure excludes previews."]
    assert archive_texts(client.get("/corrections/?type=update")) == ["The studio has since confirmed the date."]


def test_an_unknown_type_is_a_clear_400(client, archive):
    response = client.get("/corrections/?type=retraction")
    assert response.status_code == 400
    error = BeautifulSoup(response.content, "html.parser").select_one('[role="alert"]').get_text()
    assert error == "Unknown type 'retraction': choose one of correction, clarification, update, or leave it out."
    assert client.get("/corrections/feed/?type=retraction").status_code == 404


def test_the_archive_is_paginated(client, topic_page):
    story = ArticlePageFactory(parent=topic_page)
    page = ArticlePage.objects.get(pk=story.pk)
    for number in range(25):
        page.corrections.add(Correction(text=f"Note {number}", date=timezone.now() - timedelta(minutes=number)))
    page.save_revision().publish()
    assert len(archive_texts(client.get("/corrections/"))) == 20
    assert archive_texts(client.get("/corrections/?page=2")) == [f"Note {n}" for n in range(20, 25)]
    assert "Note 0" in archive_texts(client.get("/corrections/?page=junk"))


def test_the_archive_feeds_in_rss_atom_and_json_list_the_notes(client, archive):
    rss = feedparser.parse(client.get("/corrections/feed/").content)
    atom = feedparser.parse(client.get("/corrections/feed/atom/").content)
    data = json.loads(client.get("/corrections/feed/json/").content)
    assert not rss.bozo and not atom.bozo
    assert rss.version == "rss20" and atom.version == "atom10"
    titles = ["Update: Casting news", "Clarification: Box office weekend", "Correction: Casting news"]
    assert [entry.title for entry in rss.entries] == titles
    assert [entry.title for entry in atom.entries] == titles
    assert [item["title"] for item in data["items"]] == titles
    assert rss.entries[0].summary == "The studio has since confirmed the date."
    note = Correction.objects.get(text="The studio has since confirmed the date.")
    assert rss.entries[0].link == f"{archive['first'].full_url}#correction-{note.pk}"
    assert [item["content_text"] for item in data["items"]][1] == "The figure excludes previews."


def test_the_archive_page_advertises_its_feeds_and_is_in_the_sitemap(client, archive):
    soup = BeautifulSoup(client.get("/corrections/").content, "html.parser")
    feeds = {link["href"] for link in soup.select('link[rel="alternate"]')}
    assert {"/corrections/feed/", "/corrections/feed/atom/", "/corrections/feed/json/"} <= feeds
    index = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/sitemap-corrections.xml" in index
    tree = ElementTree.fromstring(client.get("/sitemap-corrections.xml").content)  # noqa: S314 - our own sitemap
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert [loc.text for loc in tree.findall("s:url/s:loc", ns)] == ["http://localhost/corrections/"]
    newest = Correction.objects.get(text="The studio has since confirmed the date.")
    assert tree.find("s:url/s:lastmod", ns).text.startswith(newest.date.date().isoformat())


@pytest.mark.parametrize("url", ["/corrections/", "/corrections/feed/", "/corrections/feed/json/"])
def test_the_archive_costs_the_same_queries_for_3_and_30_notes(client, topic_page, url):
    stories = [ArticlePageFactory(parent=topic_page) for _ in range(30)]

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for story in stories[:3]:
        correct(story, "A note.")
    small = count()
    for story in stories[3:]:
        correct(story, "A note.")
    assert count() == small


# dateModified: the last real change.


def test_publishing_unchanged_content_does_not_move_date_modified(client, story):
    """A save or publication that changes nothing readers see keeps dateModified at the publication date."""
    published = news_article(client, story)["dateModified"]
    with freeze_time(timezone.now() + timedelta(days=2)):
        ArticlePage.objects.get(pk=story.pk).save_revision().publish()
        page = ArticlePage.objects.get(pk=story.pk)
        page.save_revision()  # a draft and workflow metadata only
        page.save()
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.content_modified_at is None
    assert news_article(client, story)["dateModified"] == published == story.date.isoformat()


def test_a_content_change_or_a_correction_moves_date_modified_everywhere(client, story):
    later = timezone.now() + timedelta(days=1)
    with freeze_time(later):
        page = ArticlePage.objects.get(pk=story.pk)
        page.standfirst = "Now with the trailer."
        page.save_revision().publish()
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.content_modified_at == later
    assert news_article(client, story)["dateModified"] == later.isoformat()
    even_later = later + timedelta(days=1)
    with freeze_time(even_later):
        story = correct(story, "The trailer is the second one.")
    assert story.content_modified_at == even_later
    assert news_article(client, story)["dateModified"] == even_later.isoformat()
    entry = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    assert entry.updated_parsed[:5] == even_later.utctimetuple()[:5]
    tree = ElementTree.fromstring(client.get("/sitemap-stories.xml").content)  # noqa: S314 - our own sitemap
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert tree.find("s:url/s:lastmod", ns).text.startswith(even_later.date().isoformat())
    assert b"Updated" in client.get(story.url).content


def test_a_story_as_first_published_says_nothing_of_an_update(client, story):
    assert b"Updated" not in client.get(story.url).content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_published_correction_reaches_the_cached_archive_story_and_feeds_at_once(client, settings, topic_page):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    cache.clear()
    story = ArticlePageFactory(parent=topic_page, title="A cached story")
    urls = ["/corrections/", "/corrections/feed/", "/corrections/feed/json/", story.url]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    correct(story, "A freshly published note.")
    for url in urls:
        assert "A freshly published note." in client.get(url).content.decode(), url
    ArticlePage.objects.get(pk=story.pk).unpublish()
    for url in urls[:3]:
        assert "A freshly published note." not in client.get(url).content.decode(), url


def test_editors_add_notes_inline_in_the_story_editor(client, story, people):
    """The story's edit view has the "Corrections and updates" inline panel with its three fields."""
    from django.urls import reverse

    client.force_login(people["editor"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Corrections and updates" in content
    for field in ("kind", "date", "text"):
        assert f'name="corrections-__prefix__-{field}"' in content


def test_an_editor_adds_a_correction_in_the_editor_and_publishes_it(client, story, people):
    """Posted through the story's edit form like a browser would, the note is saved with the story and shows."""
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

    client.force_login(people["editor"])
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").dict()
    # The body's widget is drawn by JavaScript, so it is posted as the browser would send the story's own body.
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>The body of the story.</p>"))])}))
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "update",
            "corrections-0-date": "2026-03-02 09:30",
            "corrections-0-text": "The studio has set a new date.",
            "corrections-0-id": "",
            "corrections-0-DELETE": "",
            "action-publish": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    story = ArticlePage.objects.get(pk=story.pk)
    assert [(row.kind, row.text) for row in story.corrections.all()] == [("update", "The studio has set a new date.")]
    assert b"The studio has set a new date." in client.get(story.url).content
    assert story.content_modified_at is not None

"""The publication's design as a reader meets it: masthead, fonts, footer, one search box, the A–Z bar, the
story hierarchy and folded facts."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from articles.models import FilmCredit

from .factories import ArticlePageFactory, FilmFactory, PersonFactory, StudioFactory

pytestmark = pytest.mark.django_db


def test_masthead_has_the_logo_and_preloads_the_self_hosted_font(client, home_page):
    html = client.get("/").content.decode()
    assert re.search(r'<a class="site-logo" href="/"><img src="/static/img/logo[^"]*\.svg" alt="Newsroom"', html)
    preload = re.search(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html)
    assert preload and "source-serif-4-latin-700-normal" in preload.group(1)
    css = Path(finders.find("css/site.css")).read_text()
    assert css.count("font-display: swap") == 4
    for face in re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css):
        assert finders.find(face), face


def test_footer_links_sections_corrections_feeds_and_contact(client, topic_page):
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for href in (topic_page.url, "/corrections/", "/feed/", "/feed/atom/", "/releases/", "/studios/", "mailto:"):
        assert f'href="{href}' in footer, href


def test_search_page_shows_one_named_search_box(client, home_page):
    html = client.get("/search/", {"q": "anything"}).content.decode()
    forms = re.findall(r"<form[^>]*role=\"search\"[^>]*>", html)
    assert len(forms) == 1
    assert "aria-label=" in forms[0]
    assert 'class="site-search"' in client.get("/").content.decode()


def test_empty_letters_are_shown_but_not_linked(client, home_page):
    StudioFactory(name="Annapurna Pictures")
    StudioFactory(name="20th Century Studios")
    html = client.get("/studios/").content.decode()
    assert 'href="?letter=A"' in html
    assert 'href="?letter=0"' in html
    assert 'href="?letter=B"' not in html
    assert re.search(r"<span[^>]*>B</span>", html)


def test_topic_first_page_leads_with_its_first_story(client, topic_page):
    for number in range(4):
        ArticlePageFactory(parent=topic_page, title=f"Story {number}")
    html = client.get(topic_page.url).content.decode()
    assert 'class="card-grid card-grid--lead"' in html


def test_home_latest_news_is_a_compact_list(client, topic_page):
    for number in range(3):
        ArticlePageFactory(parent=topic_page, title=f"Story {number}")
    assert 'class="card-list"' in client.get("/").content.decode()


def test_long_credit_lists_fold_after_five(client, home_page):
    film = FilmFactory(name="Steel Soldiers")
    for number in range(8):
        FilmCredit.objects.create(film=film, person=PersonFactory(name=f"Actor {number}"), role="cast")
    html = client.get(film.get_absolute_url()).content.decode()
    visible, folded = html.split('<details class="more-facts">')
    assert visible.count('">Actor ') == 5
    assert "Show 3 more" in folded
    assert folded.split("</details>")[0].count('">Actor ') == 3

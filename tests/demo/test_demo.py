"""`manage.py load_demo` builds the demo newsroom from the seed stories' facts, and is idempotent."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Revision, Site

from articles.demo import content
from articles.models import (
    ArticlePage,
    Film,
    FilmCompany,
    FilmCredit,
    HomePage,
    Person,
    PersonAffiliation,
    Studio,
    TopicPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed} | {
        "revisions": Revision.objects.count()
    }


def test_running_twice_changes_nothing(demo):
    before = counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "nothing changed" in out.getvalue()


def test_prints_the_admin_login(demo, client):
    assert "admin / newsroom-admin" in demo
    assert "http://testserver/admin/" in demo  # NEWSROOM_BASE_URL
    assert client.login(username="admin", password="newsroom-admin")
    assert client.get("/admin/").status_code == 200


def test_banner_counts_the_accounts_in_words(demo):
    """Three accounts, named, and no "1 users"."""
    assert "Demo newsroom created: 3 accounts," in demo
    assert "3 accounts: admin, editor, contributor" in demo
    assert "users" not in demo


def test_the_site_follows_the_base_url_from_run_to_run(demo, settings):
    """`make run PORT=8001` after a run on the default port moves the Site, and the banner names the new address."""
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("testserver", 80)  # NEWSROOM_BASE_URL in test settings
    settings.NEWSROOM_BASE_URL = "http://127.0.0.1:8001"
    out = StringIO()
    call_command("load_demo", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8001, "http://127.0.0.1:8001")
    assert Site.objects.count() == 1
    assert "Site address set to http://127.0.0.1:8001/." in out.getvalue()
    assert "  Admin:  http://127.0.0.1:8001/admin/" in out.getvalue()


def test_holds_the_seed_entities(demo):
    assert Studio.objects.count() >= 8
    assert Person.objects.count() >= 15
    assert Film.objects.count() >= 12
    for name in ("STX Entertainment", "Alibaba Pictures", "ImageMovers", "Amblin Partners", "Wanda Film"):
        assert Studio.objects.filter(name=name).exists(), name
    assert Studio.objects.get(name="Alibaba Pictures").parent.name == "Alibaba Group"
    assert "STXfilms" in Studio.objects.get(name="STX Entertainment").alias_list


def test_steel_soldiers_relations(demo):
    film = Film.objects.get(slug="steel-soldiers")
    companies = {(row.studio.name, row.role, row.territory) for row in FilmCompany.objects.filter(film=film)}
    assert ("STX Entertainment", "distributor", "U.S. and international") in companies
    assert ("Alibaba Pictures", "distributor", "Greater China") in companies
    assert {("STX Entertainment", "co_producer", ""), ("Alibaba Pictures", "co_producer", "")} <= companies
    credits = {(row.person.name, row.role) for row in FilmCredit.objects.filter(film=film)}
    for producer in ("Robert Zemeckis", "Jack Rapke", "Jackie Levine", "David Styne"):
        assert (producer, "producer") in credits
    assert ("Ken Kaufman", "writer") in credits
    via = FilmCredit.objects.get(film=film, person__name="Robert Zemeckis").via
    assert via.name == "ImageMovers"


def test_real_and_the_alibaba_executives(demo):
    real = Film.objects.get(slug="real")
    credits = {(row.person.name, row.role) for row in FilmCredit.objects.filter(film=real)}
    assert credits == {("Lee Jeong-sub", "director"), ("Kim Soo-hyun", "cast")}
    assert FilmCompany.objects.filter(film=real, studio__name="Alibaba Pictures", territory="China").exists()
    titles = {(row.person.name, row.title) for row in PersonAffiliation.objects.filter(studio__name="Alibaba Pictures")}
    assert ("Zhang Wei", "President") in titles
    assert ("Zhang Qiang", "CEO") in titles
    assert PersonAffiliation.objects.filter(person__name="Steven Spielberg", studio__name="Amblin Partners").exists()


def test_topics_list_live_stories_and_never_the_draft(demo):
    for slug in ("movie-news", "marvel-and-dc"):
        stories = list(TopicPage.objects.get(slug=slug).get_stories())
        assert stories, slug
        assert all(story.live for story in stories)
    draft = ArticlePage.objects.get(slug="steel-soldiers-casting-what-we-know-so-far")
    assert not draft.live
    assert draft not in TopicPage.objects.get(slug="movie-news").get_stories()


def test_site_root_is_the_home_page_and_pages_render(demo, client):
    assert Site.objects.get(is_default_site=True).root_page.specific_class.__name__ == "HomePage"
    for url in ("/", "/movie-news/", "/marvel-and-dc/", "/films/steel-soldiers/", "/people/robert-zemeckis/"):
        assert client.get(url).status_code == 200, url
    article = ArticlePage.objects.get(slug="stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers")
    html = client.get(article.url).content.decode()
    assert 'href="/studios/stx-entertainment/"' in html
    assert 'href="/films/steel-soldiers/"' in html


def test_hero_images_make_renditions(demo):
    article = ArticlePage.objects.exclude(hero_image=None).first()
    rendition = article.hero_image.get_rendition("fill-480x270|format-webp")
    assert rendition.width == 480
    assert rendition.url.endswith(".webp")


def test_every_internal_link_on_the_demo_resolves(demo, client):
    """Crawl the public site from the home page: no internal link answers 404 or 500."""
    import re

    seen, queue, broken = set(), ["/"], []
    while queue and len(seen) < 400:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 400:
            broken.append((url, response.status_code))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="(/[^"#?]*)', response.content.decode()):
            if not href.startswith(("/admin/", "/static/", "/media/", "/documents/")):
                queue.append(href)
    assert not broken, broken
    assert len(seen) > 40


def test_the_tag_manager_finds_the_demos_drifted_tags(demo):
    """The demo carries two real-world drifts ("Sci-Fi"/"sci fi", "Superhero"/"Superheroes") for admins to merge."""
    from articles.curation import likely_duplicate_tags

    groups = [sorted(tag.name for tag in group) for group in likely_duplicate_tags()]
    assert ["Sci-Fi", "sci fi"] in groups
    assert ["Superhero", "Superheroes"] in groups


def test_the_home_pages_choices_keep_their_order(demo):
    """The demo's top stories and featured topics are ordered as the admin would order them (no tied sort_order,
    which PostgreSQL may return in any order)."""
    home = HomePage.objects.get()
    assert [row.topic.slug for row in home.featured_topics.all()] == content.HOME["featured_topics"]
    assert [row.story.slug for row in home.top_stories.all()] == content.HOME["top"]


def test_the_demos_clarification_shows_on_its_story_the_archive_and_its_feed(demo, client):
    """Issue #19's acceptance: a correction on the story, in /corrections/ and its feed, and in JSON-LD."""
    import json

    from bs4 import BeautifulSoup

    row = content.CORRECTIONS[0]
    story = ArticlePage.objects.live().get(slug=row["article"])
    page = client.get(story.url).content.decode()
    assert story.corrections.get().text == row["text"]
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".correction--clarification .correction__text").get_text() == row["text"]
    blocks = [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]
    (article,) = (block for block in blocks if block["@type"] == "NewsArticle")
    assert article["correction"][0]["text"] == f"Clarification: {row['text']}"
    assert row["text"] in BeautifulSoup(client.get("/corrections/").content, "html.parser").get_text()
    assert story.title in client.get("/corrections/feed/").content.decode()

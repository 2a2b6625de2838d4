"""Structured data and first-mention links: right entities, safely escaped."""

import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from PIL import Image
from wagtail.models import Site

from articles.models import FilmCredit

from .factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '</script><script>alert(1)</script><img src=x onerror=alert(2)>"'


def json_ld_blocks(html: str) -> list[dict]:
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.fixture
def story(topic_page):
    studio = StudioFactory(name="STX Entertainment", aliases="STXfilms", wikidata_id="Q18393226")
    person = PersonFactory(name="Robert Zemeckis", imdb_id="nm0000709")
    film = FilmFactory(name="Steel Soldiers")
    FilmCredit.objects.create(film=film, person=person, role="producer")
    return ArticlePageFactory(
        parent=topic_page,
        title="Steel Soldiers moves ahead",
        body=[
            (
                "paragraph",
                "<p>STXfilms and Robert Zemeckis are making Steel Soldiers. Zemeckis and STX Entertainment agree.</p>",
            )
        ],
        links={
            "studios": [studio],
            "people": [person],
            "films": [film],
            "authors": [AuthorFactory(name="Jane Writer")],
        },
    )


def test_article_json_ld_names_its_entities(client, story):
    blocks = json_ld_blocks(client.get(story.url).content.decode())
    article = next(block for block in blocks if block["@type"] == "NewsArticle")
    assert article["headline"] == "Steel Soldiers moves ahead"
    assert {item["name"] for item in article["mentions"]} == {"STX Entertainment", "Robert Zemeckis", "Steel Soldiers"}
    assert {item["@type"] for item in article["mentions"]} == {"Organization", "Person", "Movie"}
    assert article["author"][0]["name"] == "Jane Writer"
    crumbs = next(block for block in blocks if block["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == ["Home", "Movie News", "Steel Soldiers moves ahead"]


@pytest.mark.parametrize(
    "url, kind, same_as",
    [
        ("/studios/stx-entertainment/", "Organization", "https://www.wikidata.org/wiki/Q18393226"),
        ("/people/robert-zemeckis/", "Person", "https://www.imdb.com/name/nm0000709/"),
        ("/films/steel-soldiers/", "Movie", None),
    ],
)
def test_entity_pages_carry_their_schema_type_and_same_as(client, story, url, kind, same_as):
    blocks = json_ld_blocks(client.get(url).content.decode())
    entity = next(block for block in blocks if block["@type"] == kind)
    if same_as:
        assert same_as in entity["sameAs"]
    assert any(block["@type"] == "BreadcrumbList" for block in blocks)


def test_first_mention_of_each_entity_links_to_its_page_once(client, story):
    body = client.get(story.url).content.decode().split('class="article__body">')[1].split("</div>")[0]
    assert body.count('href="/studios/stx-entertainment/"') == 1
    assert '<a class="entity-link" href="/studios/stx-entertainment/">STXfilms</a>' in body
    assert body.count('href="/people/robert-zemeckis/"') == 1
    assert body.count('href="/films/steel-soldiers/"') == 1


def test_hostile_text_cannot_break_out_of_json_ld_or_html(client, topic_page):
    studio = StudioFactory(name="Evil " + PAYLOAD)
    story = ArticlePageFactory(
        parent=topic_page, title="Headline " + PAYLOAD, standfirst=PAYLOAD, links={"studios": [studio]}
    )
    html = client.get(story.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    blocks = json_ld_blocks(html)
    article = next(block for block in blocks if block["@type"] == "NewsArticle")
    assert article["headline"].startswith("Headline </script>")
    entity_page = client.get(studio.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in entity_page
    assert next(b for b in json_ld_blocks(entity_page) if b["@type"] == "Organization")["name"] == "Evil " + PAYLOAD


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/movie-news/",
        "/tags/sci-fi/",
        "/authors/jane-writer/",
        "/studios/",
        "/people/",
        "/films/",
        "/authors/",
        "/tags/",
    ],
)
def test_every_page_type_has_a_breadcrumb_list(client, story, url):
    story.tags.add("Sci-Fi")
    story.save_revision().publish()
    blocks = json_ld_blocks(client.get(url).content.decode())
    crumbs = next(block for block in blocks if block["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][0]["name"] == "Home"


def head_meta(client, url: str) -> dict[str, str]:
    """The page's <meta name=…> values, read with an HTML parser."""
    response = client.get(url)
    assert response.status_code == 200, url
    head = BeautifulSoup(response.content, "html.parser").head
    return {meta["name"]: meta["content"] for meta in head.find_all("meta", attrs={"name": True})}


def json_ld_types(client, url: str) -> dict[str, dict]:
    """The page's JSON-LD blocks by @type, read with an HTML parser."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    blocks = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    return {block["@type"]: block for block in blocks}


def test_news_article_names_its_publisher_with_logo_and_url(client, story):
    """NewsArticle's publisher has its home page and a logo on the site's root URL that Google accepts (a raster
    image within 600×60)."""
    root_url = Site.objects.get(is_default_site=True).root_url
    publisher = json_ld_types(client, story.url)["NewsArticle"]["publisher"]
    assert publisher["name"] == "Newsroom"
    assert publisher["url"] == f"{root_url}/"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject" and logo["url"].startswith(f"{root_url}/static/")
    path = finders.find(urlsplit(logo["url"]).path.removeprefix("/static/"))
    assert path, logo["url"]
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (logo["width"], logo["height"])
        assert image.width <= 600 and image.height <= 60


def test_home_page_has_a_website_with_a_search_action_that_works(client, story):
    """The home page's WebSite names a SearchAction whose URL template, filled in, is our search page."""
    website = json_ld_types(client, "/")["WebSite"]
    assert website["url"] == f"{Site.objects.get(is_default_site=True).root_url}/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["query-input"] == "required name=search_term_string"
    template = action["target"]["urlTemplate"]
    assert "{search_term_string}" in template
    filled = urlsplit(template.replace("{search_term_string}", "Zemeckis"))
    response = client.get(f"{filled.path}?{filled.query}")
    assert response.status_code == 200
    assert b"Steel Soldiers moves ahead" in response.content


def test_author_pages_carry_person_json_ld_and_agencies_an_organization(client, story):
    staff = AuthorFactory(name="Ana Critic", slug="ana-critic", job_title="Film critic", bio="Writes about films.")
    ArticlePageFactory(parent=story.get_parent(), links={"authors": [staff]})
    person = json_ld_types(client, "/authors/ana-critic/")["Person"]
    assert person["name"] == "Ana Critic"
    assert person["url"].endswith("/authors/ana-critic/")
    assert person["jobTitle"] == "Film critic"
    assert person["description"] == "Writes about films."
    assert person["worksFor"]["name"] == "Newsroom"
    AuthorFactory(name="Wire Service", slug="wire-service", kind="agency")
    types = json_ld_types(client, "/authors/wire-service/")
    assert "Person" not in types and types["Organization"]["name"] == "Wire Service"


@pytest.mark.parametrize(
    ("url", "types"),
    [
        ("/", {"WebSite", "BreadcrumbList"}),
        ("/movie-news/steel-soldiers-moves-ahead/", {"NewsArticle", "BreadcrumbList"}),
        ("/studios/stx-entertainment/", {"Organization", "BreadcrumbList"}),
        ("/films/steel-soldiers/", {"Movie", "BreadcrumbList"}),
        ("/authors/jane-writer/", {"Person", "BreadcrumbList"}),
        ("/tags/", {"BreadcrumbList"}),
    ],
)
def test_json_ld_types_per_page(client, story, url, types):
    assert set(json_ld_types(client, url)) == types


PAGE_TYPES = [
    "/",
    "/movie-news/",
    "/movie-news/steel-soldiers-moves-ahead/",
    "/studios/stx-entertainment/",
    "/people/robert-zemeckis/",
    "/films/steel-soldiers/",
    "/authors/jane-writer/",
    "/tags/sci-fi/",
    "/studios/",
    "/people/",
    "/films/",
    "/authors/",
    "/tags/",
    "/search/?q=soldiers",
]


def test_every_page_type_has_its_own_meta_description(client, story):
    """Home, topics, stories, entities, authors, tags, the indexes and search each describe themselves, from the
    object they show, instead of sharing one sentence."""
    story.tags.add("Sci-Fi")
    story.save_revision().publish()
    descriptions = {url: head_meta(client, url)["description"] for url in PAGE_TYPES}
    assert len(set(descriptions.values())) == len(PAGE_TYPES), descriptions
    assert descriptions["/studios/stx-entertainment/"].startswith("Stories about STX Entertainment")
    assert descriptions["/films/steel-soldiers/"].startswith("Stories about Steel Soldiers")
    assert "Jane Writer" in descriptions["/authors/jane-writer/"]
    assert "Sci-Fi" in descriptions["/tags/sci-fi/"]
    assert descriptions["/movie-news/"] == "All the news on this topic."  # the topic's intro, as text
    assert "soldiers" in descriptions["/search/?q=soldiers"]


def test_a_topic_without_intro_is_described_by_its_title(client, home_page):
    TopicPageFactory(parent=home_page, title="Streaming", slug="streaming", intro="")
    assert head_meta(client, "/streaming/")["description"].startswith("Streaming:")


@pytest.mark.parametrize("url", PAGE_TYPES[:-1])
def test_public_pages_allow_large_image_previews(client, story, url):
    story.tags.add("Sci-Fi")
    story.save_revision().publish()
    assert head_meta(client, url)["robots"] == "max-image-preview:large"


def test_search_results_stay_out_of_the_index(client, story):
    assert head_meta(client, "/search/?q=soldiers")["robots"] == "noindex"

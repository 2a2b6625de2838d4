"""Structured data and first-mention links: right entities, safely escaped."""

import json
import re

import pytest

from articles.models import FilmCredit

from .factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory

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

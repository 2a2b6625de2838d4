"""The read-only JSON API at /api/v2/: pages, images, studios, people and films with relations and counts."""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from articles.models import FilmCompany, FilmCredit

from .factories import (
    ArticlePageFactory,
    AuthorFactory,
    FilmCompanyFactory,
    FilmCreditFactory,
    FilmFactory,
    PersonAffiliationFactory,
    PersonFactory,
    StudioFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(home_page, topic_page):
    """Steel Soldiers with its companies and credits, a parent studio, and live, draft and private stories."""
    alibaba_group = StudioFactory(name="Alibaba Group", slug="alibaba-group")
    alibaba = StudioFactory(name="Alibaba Pictures", slug="alibaba-pictures", parent=alibaba_group, country="China")
    stx = StudioFactory(name="STX Entertainment", slug="stx-entertainment")
    imagemovers = StudioFactory(name="ImageMovers", slug="imagemovers")
    zemeckis = PersonFactory(name="Robert Zemeckis", slug="robert-zemeckis", occupations=["director", "producer"])
    kaufman = PersonFactory(name="Ken Kaufman", slug="ken-kaufman", occupations=["writer"])
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers", genres=["science_fiction"], year=2027)
    FilmCompanyFactory(film=film, studio=stx, role=FilmCompany.Role.DISTRIBUTOR, territory="U.S. and international")
    FilmCompanyFactory(film=film, studio=alibaba, role=FilmCompany.Role.CO_FINANCIER, territory="Greater China")
    FilmCreditFactory(film=film, person=zemeckis, role=FilmCredit.Role.DIRECTOR, via=imagemovers)
    FilmCreditFactory(film=film, person=kaufman, role=FilmCredit.Role.WRITER)
    PersonAffiliationFactory(person=zemeckis, studio=imagemovers, title="Founder")
    image = wagtail_factories.ImageFactory(title="Set photo", file__width=1920, file__height=1080)
    author = AuthorFactory(name="Maya Lindqvist", slug="maya-lindqvist")
    links = {"studios": [stx, alibaba], "people": [zemeckis, kaufman], "films": [film], "authors": [author]}
    live = ArticlePageFactory(
        parent=topic_page,
        title="Zemeckis to direct Steel Soldiers",
        standfirst="STX and Alibaba back the android war film.",
        hero_image=image,
        hero_caption="On set",
        links={**links, "tags": ["Sci-Fi"]},
    )
    draft = ArticlePageFactory(parent=topic_page, title="Draft about Steel Soldiers", live=False, links=links)
    private_topic = TopicPageFactory(parent=home_page, title="Embargoed", slug="embargoed")
    PageViewRestriction.objects.create(page=private_topic, restriction_type="password", password="secret")
    private = ArticlePageFactory(parent=private_topic, title="Embargoed Steel Soldiers news", links=links)
    return {
        "live": live,
        "draft": draft,
        "private": private,
        "film": film,
        "stx": stx,
        "alibaba": alibaba,
        "alibaba_group": alibaba_group,
        "zemeckis": zemeckis,
        "image": image,
        "topic": topic_page,
    }


def ref(entity) -> dict:
    return {"id": entity.pk, "name": entity.name, "slug": entity.slug, "url": entity.get_absolute_url()}


def test_article_list_shows_live_public_stories_with_their_entities(client, newsroom):
    """Listing articles gives only published public stories, each with its studios, people, films and tags."""
    response = client.get("/api/v2/pages/", {"type": "articles.ArticlePage", "fields": "standfirst,studios,tags"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Zemeckis to direct Steel Soldiers"]
    assert items[0]["standfirst"] == "STX and Alibaba back the android war film."
    assert ref(newsroom["stx"]) in items[0]["studios"]
    assert items[0]["tags"] == [{"name": "Sci-Fi", "slug": "sci-fi", "url": "/tags/sci-fi/"}]


def test_article_detail_has_body_byline_entities_and_hero_rendition(client, newsroom):
    """An article's detail gives its body, date, authors, entities and a ready-made hero image rendition."""
    story = newsroom["live"]
    data = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert data["meta"]["type"] == "articles.ArticlePage"
    assert data["meta"]["html_url"].endswith(story.url)
    assert data["date"] == story.date.isoformat().replace("+00:00", "Z")
    assert data["authors"] == [{"id": data["authors"][0]["id"], **ref(story.authors.get())}]
    assert {film["name"] for film in data["films"]} == {"Steel Soldiers"}
    assert {person["slug"] for person in data["people"]} == {"robert-zemeckis", "ken-kaufman"}
    assert data["body"][0]["type"] == "paragraph"
    assert data["hero_image"]["id"] == newsroom["image"].pk
    assert data["hero_image_thumbnail"]["url"].endswith(".webp")
    assert data["hero_image_thumbnail"]["width"] == 960
    assert data["hero_caption"] == "On set"


def test_topic_pages_are_in_the_api_with_their_intro(client, newsroom):
    """Topic pages come with their intro."""
    data = client.get(f"/api/v2/pages/{newsroom['topic'].pk}/").json()
    assert data["title"] == "Movie News"
    assert data["intro"] == "<p>All the news on this topic.</p>"
    listed = client.get("/api/v2/pages/", {"type": "articles.TopicPage"}).json()["items"]
    assert [item["title"] for item in listed] == ["Movie News"]


def test_drafts_and_private_stories_are_not_in_the_api(client, newsroom):
    """Unpublished and password-protected stories are neither listed nor fetchable."""
    assert client.get(f"/api/v2/pages/{newsroom['draft'].pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{newsroom['private'].pk}/").status_code == 404
    titles = [item["title"] for item in client.get("/api/v2/pages/").json()["items"]]
    assert "Draft about Steel Soldiers" not in titles and "Embargoed Steel Soldiers news" not in titles


def test_images_endpoint_lists_images(client, newsroom):
    """The images endpoint lists uploaded images with their tags, sorted."""
    newsroom["image"].tags.add("steel soldiers", "android")
    items = client.get("/api/v2/images/").json()["items"]
    assert [item["title"] for item in items] == ["Set photo"]
    assert items[0]["meta"]["tags"] == ["android", "steel soldiers"]
    detail = client.get(f"/api/v2/images/{newsroom['image'].pk}/").json()
    assert (detail["width"], detail["height"]) == (1920, 1080)


def test_studio_detail_has_parent_subsidiaries_films_people_and_story_count(client, newsroom):
    """A studio's record names its parent, its labels, its films with role and territory, and its people."""
    data = client.get(f"/api/v2/studios/{newsroom['alibaba'].pk}/").json()
    assert data["name"] == "Alibaba Pictures"
    assert data["country"] == "China"
    assert data["parent"] == ref(newsroom["alibaba_group"])
    assert data["story_count"] == 1  # the draft and the private story are not counted
    assert data["films"] == [
        {
            "studio": ref(newsroom["alibaba"]),
            "film": ref(newsroom["film"]),
            "role": "co_financier",
            "territory": "Greater China",
        }
    ]
    group = client.get(f"/api/v2/studios/{newsroom['alibaba_group'].pk}/").json()
    assert group["parent"] is None
    assert group["subsidiaries"] == [ref(newsroom["alibaba"])]
    assert group["story_count"] == 0
    imagemovers = client.get("/api/v2/studios/", {"slug": "imagemovers", "fields": "people"}).json()["items"][0]
    assert imagemovers["people"][0]["person"] == ref(newsroom["zemeckis"])
    assert imagemovers["people"][0]["title"] == "Founder"


def test_person_detail_has_occupations_affiliations_and_credits(client, newsroom):
    """A person's record lists occupations, posts at studios and film credits with the company they are via."""
    data = client.get(f"/api/v2/people/{newsroom['zemeckis'].pk}/").json()
    assert data["occupations"] == ["director", "producer"]
    assert data["story_count"] == 1
    assert [(a["studio"]["name"], a["title"], a["current"]) for a in data["affiliations"]] == [
        ("ImageMovers", "Founder", True)
    ]
    assert data["credits"][0]["film"] == ref(newsroom["film"])
    assert data["credits"][0]["role"] == "director"
    assert data["credits"][0]["via"]["name"] == "ImageMovers"


def test_film_detail_has_companies_and_credits(client, newsroom):
    """A film's record lists its companies (role, territory) and credits (role)."""
    data = client.get(f"/api/v2/films/{newsroom['film'].pk}/").json()
    assert (data["year"], data["status"], data["genres"]) == (2027, "in_development", ["science_fiction"])
    assert data["story_count"] == 1
    assert {(c["studio"]["name"], c["role"], c["territory"]) for c in data["companies"]} == {
        ("STX Entertainment", "distributor", "U.S. and international"),
        ("Alibaba Pictures", "co_financier", "Greater China"),
    }
    assert {(c["person"]["name"], c["role"]) for c in data["credits"]} == {
        ("Robert Zemeckis", "director"),
        ("Ken Kaufman", "writer"),
    }
    assert {c["person"]["name"]: c["via"] for c in data["credits"]}["Ken Kaufman"] is None


def test_entity_lists_show_name_slug_and_story_count_and_can_be_filtered(client, newsroom):
    """Entity listings give name, slug and story count, and accept field filters, ordering and search."""
    items = client.get("/api/v2/studios/", {"order": "name"}).json()["items"]
    assert [item["name"] for item in items] == ["Alibaba Group", "Alibaba Pictures", "ImageMovers", "STX Entertainment"]
    assert {item["name"]: item["story_count"] for item in items}["STX Entertainment"] == 1
    assert set(items[0]) == {"id", "meta", "name", "slug", "story_count", "kind"}
    by_name = client.get("/api/v2/people/", {"name": "Ken Kaufman"}).json()
    assert [item["slug"] for item in by_name["items"]] == ["ken-kaufman"]
    found = client.get("/api/v2/films/", {"search": "steel"}).json()["items"]
    assert [item["name"] for item in found] == ["Steel Soldiers"]
    children = client.get("/api/v2/studios/", {"parent": newsroom["alibaba_group"].pk}).json()["items"]
    assert [item["name"] for item in children] == ["Alibaba Pictures"]


JUNK = [
    ("limit=abc", "limit must be a positive integer"),
    ("offset=-1", "offset must be a positive integer"),
    ("limit=99999", "limit cannot be higher than"),
    ("fields=nope", "unknown fields: nope"),
    ("nope=1", "not an operation or a recognised field: nope"),
    ("story_count=1", "not an operation or a recognised field: story_count"),
    ("order=nope", "cannot order by 'nope'"),
    ("order=%00", "cannot order by"),
    ("id=abc", "not a valid value for id"),
    ("id=99999999999999999999999", "id is out of range"),
    ("search=x&search_operator=xor", "search_operator must be 'and' or 'or'"),
    ("order=random&offset=1", "random ordering with offset is not supported"),
]
ENTITY_JUNK = [
    ("studios", "parent=abc", "not a valid value for parent"),
    ("studios", "parent=99999999999999999999999", "parent is out of range"),
    ("films", "year=abc", "not a valid value for year"),
    ("people", "slug=%00", "null characters are not allowed"),
    ("pages", "type=articles.ArticlePage&studios=abc", "filter error"),
    ("pages", "type=articles.ArticlePage&date=2020-13-45", "filter error"),
    ("pages", "type=articles.ArticlePage&first_published_at=soon", "filter error"),
    ("pages", "type=nope.Nope", "type doesn't exist"),
    ("pages", "child_of=abc", "child_of must be a positive integer"),
    ("pages/find", "id=abc", "find error"),
    ("studios/find", "id=abc", "find error"),
]


@pytest.mark.parametrize("endpoint", ["pages", "images", "studios", "people", "films"])
@pytest.mark.parametrize(("query", "message"), JUNK)
def test_junk_parameters_answer_400_with_a_message(client, newsroom, endpoint, query, message):
    """Bad limits, offsets, fields, filters, orderings and search operators get a 400 saying what is wrong."""
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert response.status_code == 400, response.content
    assert message in response.json()["message"]


@pytest.mark.parametrize(("endpoint", "query", "message"), ENTITY_JUNK)
def test_junk_filter_values_answer_400_with_a_message(client, newsroom, endpoint, query, message):
    """Filter values the database cannot take (dates, ids, null bytes) get a 400, not a server error."""
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert response.status_code == 400, response.content
    assert message in response.json()["message"]


def test_api_list_views_do_not_run_a_query_per_item(client, home_page, topic_page):
    """Each list endpoint, with every field, costs the same number of queries for 3 and for 30 records."""
    urls = [
        "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=20",
        "/api/v2/pages/?fields=*&limit=20",
        "/api/v2/images/?limit=20",
        "/api/v2/studios/?fields=*&limit=20",
        "/api/v2/people/?fields=*&limit=20",
        "/api/v2/films/?fields=*&limit=20",
    ]

    def add(count: int) -> None:
        for _ in range(count):
            parent, studio = StudioFactory(), StudioFactory()
            studio.parent = parent
            studio.save()
            person, film = PersonFactory(), FilmFactory()
            FilmCompanyFactory(film=film, studio=studio)
            FilmCreditFactory(film=film, person=person, via=studio)
            PersonAffiliationFactory(person=person, studio=studio)
            ArticlePageFactory(
                parent=topic_page,
                hero_image=wagtail_factories.ImageFactory(),
                links={
                    "studios": [studio, parent],
                    "people": [person],
                    "films": [film],
                    "authors": [AuthorFactory()],
                    "tags": ["Sci-Fi", "Box office"],
                },
            )

    def counts() -> dict[str, int]:
        result = {}
        for url in urls:
            assert client.get(url).status_code == 200, url  # warm up: renditions are made on first view
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            result[url] = len(queries)
        return result

    add(3)
    small = counts()
    add(27)
    assert counts() == small

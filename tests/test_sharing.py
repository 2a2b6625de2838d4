"""Sharing and search cards (issue #20 item 2): og:/twitter: tags on every page type, share pictures (a rendition
or a drawn card), favicon, touch icon and manifest, the lead picture fetched first, compressed HTML."""

import gzip
import io
from html import unescape
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from .factories import ArticlePageFactory, FilmFactory, PersonFactory
from .test_seo import PAGE_TYPES, story  # noqa: F401 - the story fixture

pytestmark = pytest.mark.django_db


def head(client, url) -> dict[str, str]:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    tags = {tag.get("property") or tag.get("name"): tag.get("content") for tag in soup.head.find_all("meta")}
    return {key: value for key, value in tags.items() if key}


def test_every_page_type_has_open_graph_and_twitter_cards(client, story):  # noqa: F811
    for url in PAGE_TYPES:
        meta = head(client, url)
        for key in ("og:title", "og:description", "og:image", "twitter:title", "twitter:image", "twitter:card"):
            assert meta.get(key), (url, key)
        assert meta["og:description"] == meta["description"] == meta["twitter:description"], url
        assert meta["og:title"] == meta["twitter:title"], url
        assert meta["og:image"] == meta["twitter:image"] and meta["og:image"].startswith("http"), url
        assert "&amp;" not in meta["description"] and "&#" not in meta["description"], url  # escaped once only
        # Every share picture answers with a picture.
        response = client.get(urlsplit(meta["og:image"]).path)
        assert response.status_code == 200, (url, meta["og:image"])
        assert response["Content-Type"].startswith("image/"), url


def test_a_description_with_quotes_and_ampersands_is_escaped_once(client, home_page, topic_page):
    page = ArticlePageFactory(parent=topic_page, title='Tom & Jerry\'s "return"', standfirst="Cats & mice 'again'")
    html = client.get(page.url).content.decode()
    assert 'content="Cats &amp; mice &#x27;again&#x27;"' in html
    assert head(client, page.url)["og:description"] == "Cats & mice 'again'"
    assert unescape(head(client, page.url)["og:title"]) == 'Tom & Jerry\'s "return"'


def test_a_story_without_a_picture_shares_a_card_with_its_headline(client, story):  # noqa: F811
    image_url = head(client, story.url)["og:image"]
    assert urlsplit(image_url).path == f"/share/page/{story.pk}.png"
    response = client.get(urlsplit(image_url).path)
    picture = Image.open(io.BytesIO(response.content))
    assert (picture.format, picture.size) == ("PNG", (1200, 630))
    assert "public" in response["Cache-Control"]


def test_a_story_with_a_hero_shares_a_1200_by_630_rendition_of_it(client, topic_page):
    from wagtail.images.models import Image as WagtailImage
    from wagtail.images.tests.utils import get_test_image_file

    hero = WagtailImage.objects.create(title="Set photo", file=get_test_image_file(size=(1600, 900)))
    page = ArticlePageFactory(parent=topic_page, title="On set", hero_image=hero)
    image_url = head(client, page.url)["og:image"]
    path = urlsplit(image_url).path
    assert path.startswith("/media/images/") and ".fill-1200x630" in path, image_url
    picture = Image.open(hero.renditions.get(filter_spec="fill-1200x630|format-jpeg").file)
    assert picture.size == (1200, 630)


def test_an_entity_shares_its_own_picture_or_a_card(client, story):  # noqa: F811
    assert urlsplit(head(client, "/films/steel-soldiers/")["og:image"]).path == "/share/film/steel-soldiers.png"
    assert urlsplit(head(client, "/studios/")["og:image"]).path == "/share/site.png"


@pytest.mark.parametrize(
    "path",
    [
        "/share/page/999999.png",
        "/share/page/abc.png",
        "/share/page/99999999999999999999.png",
        "/share/film/no-such-film.png",
        "/share/nonsense/x.png",
        "/share/author/someone.png",
    ],
)
def test_cards_exist_only_for_public_things(client, home_page, path):
    assert client.get(path).status_code == 404


def test_drafts_and_proposed_entities_get_no_card(client, topic_page):
    draft = ArticlePageFactory(parent=topic_page, title="Secret scoop", live=False)
    FilmFactory(name="Hidden Film", review_status="proposed")
    assert client.get(f"/share/page/{draft.pk}.png").status_code == 404
    assert client.get("/share/film/hidden-film.png").status_code == 404
    PersonFactory(name="Known Person")
    assert client.get("/share/person/known-person.png").status_code == 200


def test_favicon_touch_icon_and_manifest_answer_from_the_root(client, home_page):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200
    assert Image.open(io.BytesIO(b"".join(favicon.streaming_content))).format == "ICO"
    assert client.get("/apple-touch-icon.png").status_code == 200
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"].startswith("application/manifest+json")
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/favicon.ico"' in html and 'rel="manifest"' in html


def test_the_lead_picture_is_fetched_first(client, story):  # noqa: F811
    from wagtail.images.models import Image as WagtailImage
    from wagtail.images.tests.utils import get_test_image_file

    story.hero_image = WagtailImage.objects.create(title="Lead", file=get_test_image_file(size=(1600, 900)))
    story.save_revision().publish()
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    hero = soup.select_one("article img")
    assert hero.get("fetchpriority") == "high" and hero.get("loading") != "lazy"


def test_html_is_compressed_for_clients_that_accept_gzip(client, story):  # noqa: F811
    plain = client.get(story.url)
    compressed = client.get(story.url, headers={"Accept-Encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content).decode().count("<h1") == plain.content.decode().count("<h1")
    assert len(compressed.content) < len(plain.content) / 2


def test_a_film_without_a_picture_names_its_card_as_its_json_ld_image(client, story):  # noqa: F811
    from .test_seo import json_ld_types

    movie = json_ld_types(client, "/films/steel-soldiers/")["Movie"]
    assert urlsplit(movie["image"]).path == "/share/film/steel-soldiers.png"

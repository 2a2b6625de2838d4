"""Script and attribute injection in every field an editor or an import can fill, checked in every place it renders.

Each payload goes into an article's title, standfirst, hero caption and credit, a tag, an author, a studio's name,
alias and summary, a person and a film. Every public page type, the JSON-LD blocks, the feeds, the JSON API, the
autocomplete JSON and the admin's listings, choosers and tag manager are fetched and parsed: no element, attribute
or URL from a payload may come out live, JSON-LD must stay one valid JSON document, and RSS descriptions (which
readers render as HTML) must not carry markup from a payload.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
import wagtail_factories
from taggit.models import Tag

from articles.models import ArticlePage

from ..factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory
from ._report import tally

pytestmark = pytest.mark.django_db

MARK = "xss1337"  # every payload's active part calls this, so an injection is recognisable
PAYLOADS = [
    f"<script>{MARK}()</script>",
    f'"><img src=x onerror={MARK}()>',
    f"'><svg onload={MARK}()>",
    f"javascript:{MARK}()",
    f"</script><script>{MARK}()</script>",
    f'<a href="javascript:{MARK}()">click</a>',
    f"{{{{ {MARK} }}}}{{% debug %}}",
    f"\u202e<b onmouseover={MARK}()>rtl</b>",
    f"<iframe srcdoc='<script>{MARK}()</script>'>",
    f"<style>@import 'http://evil/{MARK}.css';</style>",
]


class LiveMarkup(HTMLParser):
    """Collects anything from a payload that a browser would treat as live: elements, handlers, URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.script: tuple[str, dict] | None = None
        self.json_ld: list[str] = []
        self.buffer = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if MARK in name or (value and MARK in value and (name.startswith("on") or name in ("src", "srcdoc"))):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style"):
            self.script = (tag, values)
            self.buffer = ""

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.buffer += data

    def handle_endtag(self, tag: str) -> None:
        if self.script is not None and tag == self.script[0]:
            kind = self.script[1].get("type", "")
            if kind == "application/ld+json":
                self.json_ld.append(self.buffer)
            elif MARK in self.buffer:
                self.problems.append(f"<{tag}> running {self.buffer[:80]!r}")
            self.script = None


def html_problems(html: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    problems = list(parser.problems)
    for block in parser.json_ld:
        try:
            json.loads(block)
        except ValueError:
            problems.append(f"JSON-LD broken: {block[:80]!r}")
    # Unescaped payload openings anywhere (also inside comments or attributes the parser read as text).
    for raw in (f"<script>{MARK}", f"<img src=x onerror={MARK}", f"<svg onload={MARK}", f"<b onmouseover={MARK}"):
        if raw in html:
            problems.append(f"raw {raw!r}")
    return problems


def feed_problems(xml: str) -> list[str]:
    """RSS descriptions and Atom summaries are HTML to readers: their text, once the XML is read, must hold no markup
    from a payload."""
    root = ElementTree.fromstring(xml.encode())  # noqa: S314 - our own feed's output
    descriptions = [item.findtext("description") or "" for item in root.iter("item")]
    descriptions += [summary.text or "" for summary in root.iter("{http://www.w3.org/2005/Atom}summary")]
    pattern = re.compile(r"<\s*(script|img|svg|iframe|a|b|style)\b", re.IGNORECASE)
    return [f"markup in a description: {text[:80]!r}" for text in descriptions if pattern.search(text)]


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")


def plant(home_page, topic_page, payload: str, number: int) -> dict[str, object]:
    """One of everything, every text field carrying the payload."""
    studio = StudioFactory(name=f"Studio {number} {payload}", slug=f"studio-{number}", aliases=payload, summary=payload)
    person = PersonFactory(name=f"Person {number} {payload}", slug=f"person-{number}", summary=payload)
    film = FilmFactory(name=f"Film {number} {payload}", slug=f"film-{number}", summary=payload)
    author = AuthorFactory(name=f"Author {number} {payload}", slug=f"author-{number}")
    image = wagtail_factories.ImageFactory(title=payload)
    article = ArticlePageFactory(
        parent=topic_page,
        title=f"Story {number} {payload}",
        slug=f"story-{number}",
        standfirst=payload,
        hero_image=image,
        hero_caption=payload,
        hero_credit=payload,
        links={
            "studios": [studio],
            "people": [person],
            "films": [film],
            "authors": [author],
            "tags": [f"t{number} {payload}"],
        },
    )
    tag = Tag.objects.get(name=f"t{number} {payload}")
    return {"article": article, "studio": studio, "person": person, "film": film, "author": author, "tag": tag}


def places(world: dict[str, object]) -> dict[str, tuple[str, str]]:
    """Name → (URL, how to check it)."""
    article, studio = world["article"], world["studio"]
    return {
        "home": ("/", "html"),
        "topic": ("/movie-news/", "html"),
        "article": (article.url, "html"),
        "studio": (studio.get_absolute_url(), "html"),
        "person": (world["person"].get_absolute_url(), "html"),
        "film": (world["film"].get_absolute_url(), "html"),
        "author": (f"/authors/{world['author'].slug}/", "html"),
        "tag": (f"/tags/{world['tag'].slug}/", "html"),
        "studio index": ("/studios/", "html"),
        "tag index": ("/tags/", "html"),
        "search": (f"/search/?q={studio.slug}", "html"),
        "search echo": (f"/search/?q={PAYLOADS[1]}", "html"),
        "feed": ("/feed/", "feed"),
        "studio feed": (f"{studio.get_absolute_url()}feed/", "feed"),
        "atom feed": ("/feed/atom/", "feed"),
        "api pages": (f"/api/v2/pages/{article.pk}/", "json"),
        "api studios": ("/api/v2/studios/", "json"),
        "autocomplete": (f"/search/autocomplete/?q={studio.slug[:4]}", "json"),
        "admin studios": ("/admin/snippets/articles/studio/", "admin"),
        "admin studio edit": (f"/admin/snippets/articles/studio/edit/{studio.pk}/", "admin"),
        "admin explorer": (f"/admin/pages/{article.get_parent().pk}/", "admin"),
        "admin page edit": (f"/admin/pages/{article.pk}/edit/", "admin"),
        "admin chooser": ("/admin/newsroom/entities/studio/search/?q=Studio", "json-admin"),
        "admin page chooser": (f"/admin/choose-page/{article.get_parent().pk}/", "admin-json-html"),
        "admin tags": ("/admin/curation/tags/", "admin"),
        "admin images": ("/admin/images/", "admin"),
    }


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_no_payload_executes_anywhere_it_renders(client, home_page, topic_page, admin, number):
    payload = PAYLOADS[number]
    world = plant(home_page, topic_page, payload, number)
    admin_client = type(client)()
    admin_client.force_login(admin)
    failures: dict[str, list[str]] = {}
    for place, (url, kind) in places(world).items():
        browser = admin_client if kind.startswith("admin") or kind == "json-admin" else client
        response = browser.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest" if kind == "admin-json-html" else "")
        assert response.status_code == 200, (place, url, response.status_code)
        body = response.content.decode()
        if MARK not in body:  # the positive control: a page that does not show the payload proves nothing
            failures[place] = ["payload not rendered"]
            continue
        if kind in ("html", "admin"):
            problems = html_problems(body)
        elif kind == "feed":
            problems = feed_problems(body)
        elif kind == "admin-json-html":
            problems = html_problems(json.loads(body).get("html", ""))
        else:
            assert response["Content-Type"].startswith("application/json"), place
            json.loads(body)
            problems = []
        if problems:
            failures[place] = problems
    tally("payloads × places", len(places(world)), len(failures))
    assert not failures, failures


def test_imported_files_carry_no_live_markup(client, home_page, topic_page):
    """An HTML news item full of scripts and handlers imports as plain paragraphs."""
    from articles.importing import import_sources

    hostile = (
        f"<html><head><title>Imported {PAYLOADS[0]}</title><script>{MARK}()</script></head><body>"
        f"<h1>Imported story {PAYLOADS[1]}</h1><p onclick='{MARK}()'>First paragraph {PAYLOADS[2]} with text.</p>"
        f"<p>Second paragraph <a href='javascript:{MARK}()'>link</a> and <iframe src='x'></iframe> more text.</p>"
        "</body></html>"
    ).encode()
    report = import_sources([("hostile.html", hostile)], topic=topic_page, publish=True)
    assert [item.status for item in report.items] == ["published"], report.items
    article = ArticlePage.objects.get(title__startswith="Imported story")
    html = client.get(article.url).content.decode()
    assert "First paragraph" in html and "Second paragraph" in html  # the control: the story did render
    problems = html_problems(html)
    tally("payloads × places", 1, int(bool(problems)))
    assert not problems, problems

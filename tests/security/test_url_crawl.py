"""Every URL that Django, Wagtail and we mount, with plausible and junk values in its parameters, answers an
anonymous GET without a 5xx."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from ..factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory
from ._report import tally

pytestmark = pytest.mark.django_db

JUNK_INTS = [1, 999999]
JUNK_STRINGS = ["x", "no-such-thing"]
# Stand-ins for a regex group: a slug, a page path, a number, a filename.
REGEX_VALUES = ["x", "x/", "movie-news/", "1", "1/", "x.txt"]
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@pytest.fixture
def world(topic_page):
    """A few of everything an anonymous visitor can reach: pages, entities, tags, an image, a document, a
    password-restricted page and a login-restricted one."""
    studio, person, film = StudioFactory(slug="stx"), PersonFactory(slug="someone"), FilmFactory(slug="a-film")
    author = AuthorFactory(slug="writer")
    article = ArticlePageFactory(
        parent=topic_page,
        slug="a-story",
        links={"studios": [studio], "people": [person], "films": [film], "authors": [author], "tags": ["Drama"]},
    )
    locked = ArticlePageFactory(parent=topic_page, slug="password-story")
    private = ArticlePageFactory(parent=topic_page, slug="members-story")
    restriction = PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="secret-words"
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    image = wagtail_factories.ImageFactory()
    document = get_document_model().objects.create(title="Notes", file=ContentFile(b"notes", name="notes.txt"))
    lost = get_document_model().objects.create(title="Lost", file=ContentFile(b"gone", name="lost.txt"))
    lost.file.storage.delete(lost.file.name)  # the row outlived its file
    ints = sorted({*JUNK_INTS, article.pk, locked.pk, restriction.pk, image.pk, document.pk, lost.pk, studio.pk})
    slugs = ["a-story", "stx", "someone", "a-film", "writer", "drama", "movie-news", "notes.txt", *JUNK_STRINGS]
    pages = [topic_page.url, article.url, locked.url, private.url, document.url, lost.url]
    return {"ints": ints, "slugs": slugs, "pages": pages}


def route_values(converter: str, world: dict) -> list[str]:
    if converter == "int":
        return [str(value) for value in world["ints"]]
    if converter == "path":
        return [*world["slugs"], "x/y"]
    if converter == "uuid":
        return ["00000000-0000-0000-0000-000000000000"]
    return world["slugs"]


def fill_route(route: str, world: dict) -> list[str]:
    """Concrete paths for a path() route: the nth value of each parameter's list together, plus junk in all."""
    converters = [match["converter"] or "str" for match in ROUTE_PARAMETER.finditer(route)]
    if not converters:
        return [route]
    values = [route_values(converter, world) for converter in converters]
    paths = []
    for index in range(max(map(len, values))):
        chosen = iter([options[index % len(options)] for options in values])
        paths.append(ROUTE_PARAMETER.sub(lambda _match, chosen=chosen: next(chosen), route))
    return paths


def fill_regex(regex: str) -> list[str]:
    """Concrete paths for a re_path() regex: each stand-in value in place of every outermost group."""
    body = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    pieces: list[str | None] = []  # None marks a group
    depth, index, start = 0, 0, 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = body.index("]", index + 2) + 1
            continue
        if char == "(":
            if depth == 0:
                pieces.append(body[start:index])
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                pieces.append(None)
                index += 1
                if index < len(body) and body[index] in "?*+":
                    index += 1
                start = index
                continue
        index += 1
    pieces.append(body[start:])
    literal = [re.sub(r"\\(.)", r"\1", piece) if piece is not None else None for piece in pieces]
    return ["".join(value if piece is None else piece for piece in literal) for value in REGEX_VALUES]


def walk(patterns, prefix: str, world: dict) -> Iterator[str]:
    for entry in patterns:
        pattern = str(entry.pattern)
        is_regex = pattern.startswith("^") or "(" in pattern
        for part in fill_regex(pattern) if is_regex else fill_route(pattern, world):
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + part, world)
            elif isinstance(entry, URLPattern):
                yield prefix + part


def crawlable_urls(world: dict) -> list[str]:
    """Every filled-in URL that resolves, once each."""
    urls = {*walk(get_resolver().url_patterns, "/", world), *world["pages"], "/_util/login/?next=/movie-news/"}
    resolvable = []
    for url in sorted(urls):
        try:
            resolve(url.split("?")[0])
        except Resolver404:
            continue
        resolvable.append(url)
    return resolvable


def test_no_mounted_url_answers_5xx_to_an_anonymous_visitor(client, world):
    urls = crawlable_urls(world)
    failures = []
    for url in urls:
        try:
            status = client.get(url).status_code
        except Exception as error:  # noqa: BLE001 - the test client re-raises what would have been a 500
            failures.append((url, f"{type(error).__name__}: {error}"[:200]))
            continue
        if status >= 500:
            failures.append((url, status))
    tally("endpoints crawled for 500s", len(urls), len(failures))
    assert len(urls) > 300  # the admin alone mounts hundreds; far fewer means the walk went wrong
    assert not failures, failures

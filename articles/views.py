"""Public views for entity, author and tag pages. They only read."""

from __future__ import annotations

import re
from itertools import groupby
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Substr, Upper
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.views import View
from taggit.models import Tag
from wagtail.views import serve as wagtail_serve

from . import cards, fragments, listings, sections, seo
from .cache import depends_on, remember
from .models import (
    KINDS,
    ArticlePage,
    Author,
    Correction,
    Film,
    LegacySlug,
    LinkedKind,
    Person,
    Series,
    StoryListing,
    Studio,
    public_url,
    story_count,
)
from .upstream import search_values

PAGE_SIZE = 20
MAX_PAGE = 10_000
STORY_URL_FIELDS = ("title", "url_path", "path", "depth", "locale")  # what a story's title and URL need


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """The requested page of ``queryset``; junk, negative or huge page numbers fall back to a valid page."""
    raw = request.GET.get("page", "1")
    try:
        number = int(raw) if raw.isascii() and raw.strip().lstrip("-").isdigit() else 1
    except ValueError:
        number = 1
    number = min(max(number, 1), MAX_PAGE)
    return Paginator(queryset, per_page).get_page(number)


def paginate_stories(
    request: HttpRequest, kind: str, key: int = 0, *, exclude=(), per_page: int = PAGE_SIZE, head=None, head_size=0
) -> PaginatorPage:
    """The requested page of a story list (articles.listings): ids from the listing index, then the cards.
    ``head``/``head_size``: the list's newest ids, already read (``listings.StoryList``)."""
    stories = listings.StoryList(kind, key, exclude=exclude, head=head, head_size=head_size)
    page = paginate(request, stories, per_page=per_page)
    page.object_list = fragments.story_cards(page.object_list, request=request)
    return page


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view, with the request's Site found from the cache (``seo.find_site``) instead of a query."""
    seo.find_site(request)
    return wagtail_serve(request, path)


def live_updates(request: HttpRequest, path: str) -> HttpResponse:
    """``<live page URL>updates.json``, which Wagtail's page URL pattern (slugs ending in "/") does not take: served
    by Wagtail's page view as the page's ``updates.json/`` sub-URL, so Sites and view restrictions apply as to the
    page itself; any other page answers 404."""
    return serve(request, f"{path}updates.json/")


def legacy_redirect(kind: str, slug: str) -> HttpResponsePermanentRedirect | None:
    """A 301 to whatever an old slug now points to, if it was renamed or merged away."""
    legacy = LegacySlug.objects.filter(kind=kind, old_slug=slug).select_related("target_type").first()
    if legacy is None:
        return None
    target = legacy.target
    if target is None:
        return None
    return HttpResponsePermanentRedirect(public_url(target))


def relations(entity) -> dict[str, list]:
    """The relation rows an entity page shows, each list fetched in one query."""
    if isinstance(entity, Film):
        return {
            "companies": list(entity.companies.select_related("studio")),
            "credits": list(entity.credits.select_related("person", "via")),
        }
    if isinstance(entity, Series):
        return {
            "seasons": list(entity.seasons.order_by("number")),
            "companies": list(entity.companies.select_related("studio")),
            "credits": list(entity.credits.select_related("person", "via")),
        }
    if isinstance(entity, Person):
        return {
            "affiliations": list(entity.affiliations.select_related("studio")),
            "credits": list(entity.credits.select_related("film").order_by("-film__year", "film__name")),
            "series_credits": list(
                entity.series_credits.select_related("series").order_by("-series__first_year", "series__name")
            ),
        }
    if isinstance(entity, Studio):
        return {
            "subsidiaries": list(entity.subsidiaries.all()),
            "companies": list(entity.film_companies.select_related("film").order_by("-film__year", "film__name")),
            "series_companies": list(
                entity.series_companies.select_related("series").order_by("-series__first_year", "series__name")
            ),
            "network_series": list(entity.network_series.order_by("-first_year", "name")),
            "affiliations": list(entity.affiliations.select_related("person")),
        }
    return {}


def topics_including(entity) -> list:
    """Live topics whose rules name this entity."""
    from .models import TopicPage

    topics = TopicPage.objects.published().filter(**{entity.linked_kind.rule_field: entity})
    return list(topics.order_by("title"))


# "Often in the news with" counts over this many of the entity's newest stories, so its cost stays flat however
# many stories a popular studio has in the archive; it describes the entity's recent company, as readers expect.
MENTIONED_WITH_WINDOW = 500


def mentioned_with(entity, limit: int = 8) -> list:
    """The entities most often linked from the same recent live stories, most shared stories first."""

    def count() -> list[tuple[str, int, int]]:
        stories = listings.newest(entity.entity_type, entity.pk)[:MENTIONED_WITH_WINDOW]
        return list(
            StoryListing.objects.filter(article_id__in=stories, kind__in=[kind.key for kind in KINDS.entities()])
            .exclude(kind=entity.entity_type, key=entity.pk)
            .values("kind", "key")
            .annotate(shared=Count("*"))
            .order_by("-shared", "kind", "key")
            .values_list("kind", "key", "shared")[: limit * 2]
        )

    # The counts are cached while the entity's list holds (its tag); the entities are fetched live, by name.
    counts = remember(
        f"mentioned-with:{entity.entity_type}:{entity.pk}:{limit}",
        [listings.list_tag(entity.entity_type, entity.pk)],
        count,
    )
    found = []
    for linked in KINDS.entities():
        wanted = {pk: shared for kind, pk, shared in counts if kind == linked.key}
        found += (
            [(wanted[obj.pk], obj) for obj in linked.model.objects.public().filter(pk__in=wanted)] if wanted else []
        )
    found.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [obj for _, obj in found[:limit]]


class EntityDetailView(View):
    """A studio, person or film page: its facts, relations and latest stories."""

    entity_type: str = ""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        kind = KINDS.get(self.entity_type)
        model = kind.model
        related = {Studio: ["image", "parent"], Series: ["image", "network"]}.get(model, ["image"])
        entity = model.objects.public().filter(slug=slug).select_related(*related).first()
        if entity is None:
            redirect = legacy_redirect(self.entity_type, slug)
            if redirect:
                return redirect
            raise Http404(f"No {model._meta.verbose_name} here.")
        depends_on(request, f"{self.entity_type}:{entity.pk}")
        stories = paginate_stories(request, self.entity_type, entity.pk)
        rows = relations(entity)
        loaded = sections.load(entity)
        context = {
            "entity": entity,
            "sections": loaded,
            "stories": stories,
            "entity_type": self.entity_type,
            "topics": topics_including(entity),
            "mentioned_with": mentioned_with(entity),
            "json_ld": [
                {**seo.entity_json_ld(entity, request, rows), **sections.json_ld(entity, loaded, request)},
                seo.breadcrumbs_json_ld(
                    [("Home", "/"), (kind.title, kind.index_url()), (entity.name, entity.get_absolute_url())],
                    request,
                ),
            ],
            **rows,
        }
        return render(request, f"articles/{self.entity_type}.html", context)


class AuthorDetailView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            redirect = legacy_redirect("author", slug)
            if redirect:
                return redirect
            raise Http404("No author here.")
        depends_on(request, f"author:{author.pk}")
        stories = paginate_stories(request, "author", author.pk)
        kind = KINDS.get("author")
        crumbs = [("Home", "/"), (kind.title, kind.index_url()), (author.name, author.get_absolute_url())]
        json_ld = [seo.author_json_ld(author, request), seo.breadcrumbs_json_ld(crumbs, request)]
        context = {"author": author, "stories": stories, "json_ld": json_ld}
        return render(request, "articles/author.html", context)


class TagDetailView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            redirect = legacy_redirect("tag", slug)
            if redirect:
                return redirect
            raise Http404("No tag here.")
        depends_on(request, f"tag:{tag.pk}")
        stories = paginate_stories(request, "tag", tag.pk)
        kind = KINDS.get("tag")
        crumbs = [("Home", "/"), (kind.title, kind.index_url()), (tag.name, public_url(tag))]
        context = {"tag": tag, "stories": stories, "json_ld": [seo.breadcrumbs_json_ld(crumbs, request)]}
        return render(request, "articles/tag.html", context)


def _letter(request: HttpRequest) -> str:
    """The A–Z filter: one ASCII letter, "0" for names starting otherwise, or "" for all."""
    letter = request.GET.get("letter", "")[:1].upper()
    return letter if letter.isascii() and (letter.isalpha() or letter == "0") else ""


def _letters(queryset) -> list[tuple[str, bool]]:
    """The A–Z bar: each letter (and "0" for the rest) with whether any name starts with it, from one query."""
    initials = queryset.order_by().annotate(initial=Upper(Substr("name", 1, 1))).values_list("initial", flat=True)
    present = {initial if initial.isascii() and initial.isalpha() else "0" for initial in initials.distinct()}
    return [(letter, letter in present) for letter in [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0"]]


def _by_letter(queryset, letter: str):
    if letter == "0":
        return queryset.exclude(name__regex=r"^[A-Za-z]")
    if letter:
        return queryset.filter(name__istartswith=letter)
    return queryset


class EntityIndexView(View):
    """All studios, people or films, A–Z, with their live story counts."""

    entity_type: str = ""

    def get(self, request: HttpRequest) -> HttpResponse:
        kind = KINDS.get(self.entity_type)
        depends_on(request, "listing", kind.index_tag)
        letter = _letter(request)
        entities = _by_letter(kind.model.objects.public().with_story_count().order_by("name"), letter)
        context = {
            "heading": kind.title,
            "entities": paginate(request, entities, per_page=60),
            "letter": letter,
            "letters": _letters(kind.model.objects.public()),
            "json_ld": [seo.breadcrumbs_json_ld([("Home", "/"), (kind.title, request.path)], request)],
        }
        return render(request, "articles/entity_index.html", context)


class AuthorIndexView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        kind = KINDS.get("author")
        depends_on(request, "listing", kind.index_tag)
        letter = _letter(request)
        authors = _by_letter(Author.objects.annotate(story_count=story_count(kind.key)).order_by("name"), letter)
        context = {
            "heading": kind.title,
            "json_ld": [seo.breadcrumbs_json_ld([("Home", "/"), (kind.title, kind.index_url())], request)],
            "entities": paginate(request, authors, per_page=60),
            "letter": letter,
            "letters": _letters(Author.objects.all()),
        }
        return render(request, "articles/entity_index.html", context)


class TagIndexView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        kind = KINDS.get("tag")
        depends_on(request, "listing", kind.index_tag)
        letter = _letter(request)
        listed = StoryListing.objects.filter(kind=kind.key, key=OuterRef("pk"))
        tags = Tag.objects.filter(Exists(listed)).annotate(story_count=story_count(kind.key)).order_by("name")
        context = {
            "heading": kind.title,
            "json_ld": [seo.breadcrumbs_json_ld([("Home", "/"), (kind.title, kind.index_url())], request)],
            "entities": paginate(request, _by_letter(tags, letter), per_page=100),
            "letter": letter,
            "letters": _letters(Tag.objects.filter(Exists(listed))),
        }
        return render(request, "articles/entity_index.html", context)


MAX_QUERY_LENGTH = 200
_NOT_WORD = re.compile(r"[^\w\s-]+")


def clean_search_query(text: str) -> str:
    """Words only: search backends parse operators and quotes differently, and some fail on them."""
    return " ".join(_NOT_WORD.sub(" ", text.replace("\x00", " ")).split())[:MAX_QUERY_LENGTH]


def search(request: HttpRequest) -> HttpResponse:
    """Articles and entities matching ``q``; entity matches first as cards."""
    query = request.GET.get("q", "")
    if "\x00" in query:
        return render(
            request, "articles/search.html", {"error": "Search text cannot contain NUL characters."}, status=400
        )
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    terms = clean_search_query(query)
    context: dict = {"search_query": query, "search_terms": terms}
    if query:
        context["entity_matches"] = (
            [entity for kind in KINDS.entities() for entity in kind.model.objects.public().search(terms)[:4]]
            if terms
            else []
        )
        newest_first = request.GET.get("sort") == "newest"
        ids, more = search_story_ids(terms, newest_first=newest_first) if terms else ([], False)
        results = paginate(request, ids, per_page=SEARCH_PAGE_SIZE)
        results.object_list = listings.cards(results.object_list)
        params = urlencode({"q": query, **({"sort": "newest"} if newest_first else {})})
        context.update(
            results=results,
            more_matches=more,
            newest_first=newest_first,
            search_window=SEARCH_WINDOW,
            search_params=params,
        )
    return render(request, "articles/search.html", context)


SEARCH_PAGE_SIZE = 20
# Stories a search considers: the newest this many matches, ranked by relevance (or kept newest first).
SEARCH_WINDOW = 200


def search_story_ids(terms: str, *, newest_first: bool = False) -> tuple[list[int], bool]:
    """Ids of the public stories matching ``terms``, best first, and whether more matched than are considered.

    Ranking every match costs in proportion to how many there are: at 100,000 articles a popular studio's name
    matches tens of thousands (450 ms to rank and count them all). A news search wants recent stories anyway,
    so it takes the newest ``SEARCH_WINDOW`` matches, which PostgreSQL finds by walking the date index (10 ms
    however common the word), and ranks only those by relevance (a few ms); ``newest_first`` keeps date order.
    """
    published = ArticlePage.objects.published().order_by("-date")
    ids = [pk for (pk,) in search_values(published.search(terms, order_by_relevance=False)[: SEARCH_WINDOW + 1])]
    more = len(ids) > SEARCH_WINDOW
    ids = ids[:SEARCH_WINDOW]
    if newest_first or len(ids) < 2:
        return ids, more
    ranked = ArticlePage.objects.filter(pk__in=ids).search(terms).annotate_score("relevance")[:SEARCH_WINDOW]
    scored = search_values(ranked, "relevance")
    # Best first as the backend ranks them (its scores' sign varies by backend); newer first among equals.
    position = {pk: number for number, pk in enumerate(ids)}
    ordered: list[int] = []
    for _, group in groupby(scored, key=lambda row: row[1]):
        ordered += sorted((pk for pk, _ in group), key=position.__getitem__)
    return ordered, more


def autocomplete(request: HttpRequest) -> JsonResponse:
    """Entity names starting like ``q``, for the search box."""
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]
    if len(query) < 2:
        return JsonResponse({"results": []})
    results = []
    for kind in KINDS.entities():
        for entity in kind.model.objects.public().filter(name__istartswith=query).order_by("name")[:5]:
            results.append({"name": entity.name, "type": entity.entity_type, "url": entity.get_absolute_url()})
    return JsonResponse({"results": results[:10]})


def detail_view(kind: LinkedKind):
    """The view of one studio's, person's, film's, author's or tag's page (articles/urls.py)."""
    if kind.entity:
        return EntityDetailView.as_view(entity_type=kind.key)
    return {"author": AuthorDetailView, "tag": TagDetailView}[kind.key].as_view()


def index_view(kind: LinkedKind):
    """The view of a kind's A–Z index (articles/urls.py)."""
    if kind.entity:
        return EntityIndexView.as_view(entity_type=kind.key)
    return {"author": AuthorIndexView, "tag": TagIndexView}[kind.key].as_view()


SHARE_CARD_SECONDS = 86_400


def _png(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={SHARE_CARD_SECONDS}"
    return response


def share_card(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """The card a shared story or entity without its own picture shows (articles.cards); 404 for anything that is
    not public."""
    subject = cards.card_subject(kind, key)
    if subject is None:
        raise Http404("No card here.")
    return _png(cards.draw_card(kind, *subject))


def share_site_card(request: HttpRequest) -> HttpResponse:
    """The card of pages that show no single story or entity (lists, search, the home page without a picture)."""
    return _png(cards.draw_card("site", "Entertainment news", "Studios, people, films and series, cross-linked"))


def corrections(request: HttpRequest) -> HttpResponse:
    """/corrections/: every correction, clarification and update on a live public story, newest first;
    ``?type=correction|clarification|update`` keeps one kind."""
    kind = request.GET.get("type", "")
    kinds = Correction.Kind
    if kind and kind not in kinds.values:
        message = f"Unknown type {kind[:40]!r}: choose one of {', '.join(kinds.values)}, or leave it out."
        return render(request, "articles/corrections.html", {"error": message, "kinds": kinds.choices}, status=400)
    depends_on(request, "corrections")
    rows = (
        Correction.objects.published()
        .of_kind(kind)
        .newest_first()
        .select_related("article")
        .only("kind", "text", "date", "article", *(f"article__{name}" for name in STORY_URL_FIELDS))
    )
    crumbs = [("Home", "/"), ("Corrections", request.path)]
    context = {
        "corrections": paginate(request, rows),
        "kind": kind,
        "kinds": kinds.choices,
        "params": urlencode({"type": kind}) if kind else "",
        "json_ld": [seo.breadcrumbs_json_ld(crumbs, request)],
    }
    return render(request, "articles/corrections.html", context)

"""Public views for entity, author and tag pages. They only read."""

from __future__ import annotations

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views import View
from taggit.models import Tag

from .cache import depends_on
from .models import ENTITY_MODELS, ArticlePage, Author, Film, LegacySlug, Person, Studio

PAGE_SIZE = 20
MAX_PAGE = 10_000


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """The requested page of ``queryset``; junk, negative or huge page numbers fall back to a valid page."""
    raw = request.GET.get("page", "1")
    try:
        number = int(raw) if raw.isascii() and raw.strip().lstrip("-").isdigit() else 1
    except ValueError:
        number = 1
    number = min(max(number, 1), MAX_PAGE)
    return Paginator(queryset, per_page).get_page(number)


def legacy_redirect(kind: str, slug: str) -> HttpResponsePermanentRedirect | None:
    """A 301 to whatever an old slug now points to, if it was renamed or merged away."""
    legacy = LegacySlug.objects.filter(kind=kind, old_slug=slug).select_related("target_type").first()
    if legacy is None:
        return None
    target = legacy.target
    if target is None:
        return None
    if isinstance(target, Tag):
        from django.urls import reverse

        return HttpResponsePermanentRedirect(reverse("articles:tag", kwargs={"slug": target.slug}))
    return HttpResponsePermanentRedirect(target.get_absolute_url())


def relations(entity) -> dict[str, list]:
    """The relation rows an entity page shows, each list fetched in one query."""
    if isinstance(entity, Film):
        return {
            "companies": list(entity.companies.select_related("studio")),
            "credits": list(entity.credits.select_related("person", "via")),
        }
    if isinstance(entity, Person):
        return {
            "affiliations": list(entity.affiliations.select_related("studio")),
            "credits": list(entity.credits.select_related("film").order_by("-film__year", "film__name")),
        }
    if isinstance(entity, Studio):
        return {
            "subsidiaries": list(entity.subsidiaries.all()),
            "companies": list(entity.film_companies.select_related("film").order_by("-film__year", "film__name")),
            "affiliations": list(entity.affiliations.select_related("person")),
        }
    return {}


class EntityDetailView(View):
    """A studio, person or film page: its facts, relations and latest stories."""

    entity_type: str = ""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        model = ENTITY_MODELS[self.entity_type]
        related = ["image", "parent"] if model is Studio else ["image"]
        entity = model.objects.filter(slug=slug).select_related(*related).first()
        if entity is None:
            redirect = legacy_redirect(self.entity_type, slug)
            if redirect:
                return redirect
            raise Http404(f"No {model._meta.verbose_name} here.")
        depends_on(request, f"{self.entity_type}:{entity.pk}")
        stories = paginate(request, ArticlePage.objects.published().mentioning(entity).for_listing())
        context = {"entity": entity, "stories": stories, "entity_type": self.entity_type, **relations(entity)}
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
        stories = paginate(request, ArticlePage.objects.published().by_author(author).for_listing())
        return render(request, "articles/author.html", {"author": author, "stories": stories})


class TagDetailView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            redirect = legacy_redirect("tag", slug)
            if redirect:
                return redirect
            raise Http404("No tag here.")
        depends_on(request, f"tag:{tag.pk}")
        stories = paginate(request, ArticlePage.objects.published().tagged(tag).for_listing())
        return render(request, "articles/tag.html", {"tag": tag, "stories": stories})

"""/sitemap.xml: every live public page (Wagtail's sitemap) plus studio, person, film, author and tag pages.

Every entry starts at the Wagtail Site's root URL for the request (articles.seo.site_root_url), as Wagtail's page
entries, canonical links and feeds do. Entity and tag entries read the public story lists (articles.listings), the
same rows their pages show, so a story readers may not see (a draft, or one under a view restriction) neither adds a
tag nor moves a lastmod.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db.models import Exists, Max, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from .models import KINDS, LinkedKind, StoryListing, public_url
from .seo import site_root_url


class SiteSitemap(Sitemap):
    """A sitemap made for one request, whose URLs start at the site's root URL rather than the request's host."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(site_root_url(self.request)).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(site_root_url(self.request)).netloc


class EntitySitemap(SiteSitemap):
    """Every entity (or author) page; lastmod is the newer of its edit and the last publication on its story list."""

    changefreq = "daily"
    limit = 5000

    def __init__(self, request: HttpRequest, kind: LinkedKind) -> None:
        super().__init__(request)
        self.kind = kind

    def items(self):
        newest = (
            StoryListing.objects.filter(kind=self.kind.key, key=OuterRef("pk"))
            .order_by()
            .values("key")
            .annotate(last=Max("article__last_published_at"))
            .values("last")
        )
        return (
            self.kind.public(self.kind.model.objects.all())
            .annotate(last_story=Subquery(newest))
            .order_by("name")
            .only("slug", "name", "updated_at")
        )

    def lastmod(self, obj):
        return max(filter(None, [obj.updated_at, obj.last_story]))

    def location(self, obj) -> str:
        return obj.get_absolute_url()


class TagSitemap(SiteSitemap):
    """Tags with at least one public story (the tag index's rule)."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        listed = StoryListing.objects.filter(kind=KINDS.get("tag").key, key=OuterRef("pk"))
        return Tag.objects.filter(Exists(listed)).order_by("name")

    def location(self, obj: Tag) -> str:
        return public_url(obj)


def sitemap(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: Wagtail's live public pages, then one section per linked kind, named by its URL prefix
    ("studios", …, "tags"). Tags have no edit date of their own and list only those with a public story."""
    sitemaps = {"pages": PageSitemap(request)}
    for kind in KINDS:
        sitemaps[kind.url_prefix] = TagSitemap(request) if kind.key == "tag" else EntitySitemap(request, kind)
    return django_sitemap(request, sitemaps)

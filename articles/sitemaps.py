"""Sitemaps: ``/sitemap.xml`` is an index of sections at ``/sitemap-<section>.xml`` — the live public pages
(Wagtail's sitemap, stories apart), the stories with their hero images, studio, person, film, author and tag pages —
and of the Google News sitemap ``/sitemap-news.xml`` (the live public stories of the last 48 hours).

Every URL, the index's included, starts at the Wagtail Site's root URL for the request (articles.seo.site_root_url),
as Wagtail's page entries, canonical links and feeds do. Entity and tag entries read the public story lists
(articles.listings), the same rows their pages show, so a story readers may not see (a draft, or one under a view
restriction) neither adds a tag nor moves a lastmod.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db.models import Exists, Max, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .business import boxoffice
from .business.releases import release_months
from .cache import depends_on
from .models import (
    KINDS,
    ArticlePage,
    AwardCeremony,
    AwardEdition,
    Correction,
    Gross,
    LinkedKind,
    StatusChange,
    StoryListing,
    public_url,
)
from .seo import PUBLISHER_NAME, absolute_url, find_site, site_root_url

# Google News: stories published in the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
# What a story's URL and news entry need.
STORY_FIELDS = ("title", "url_path", "path", "depth", "locale_id")


class SiteSitemap(Sitemap):
    """A sitemap made for one request, whose URLs start at the site's root URL rather than the request's host."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(site_root_url(self.request)).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(site_root_url(self.request)).netloc


class PageSitemap(WagtailSitemap):
    """Wagtail's live public pages but the stories, which have a section of their own."""

    def items(self):
        return super().items().not_type(ArticlePage)


def site_stories(request: HttpRequest):
    """The live public stories of the request's Site, so that every path is on its root URL."""
    stories = ArticlePage.objects.published()
    site = find_site(request)
    return stories.descendant_of(site.root_page) if site is not None else stories


class StorySitemap(SiteSitemap):
    """Every live public story, with its hero image (``image:image``, the original file: the sitemap never makes
    renditions); lastmod is its last publication."""

    limit = 10000  # Google takes 50,000 a file; a page of 10,000 stories is quicker to build and to fetch

    def items(self):
        return (
            site_stories(self.request)
            .defer_streamfields()
            .select_related("hero_image")
            # The file's URL reads its width and height too (Django's ImageField keeps them in step).
            .only(
                *STORY_FIELDS,
                "date",
                "content_modified_at",
                "hero_image__file",
                "hero_image__width",
                "hero_image__height",
            )
            .order_by("path")
        )

    def lastmod(self, obj: ArticlePage):
        return obj.modified_at  # its last real change, not its last save

    def location(self, obj: ArticlePage) -> str:
        return obj.get_url(request=self.request)


class NewsSitemap(SiteSitemap):
    """Google News: the live public stories published in the last 48 hours, newest first, at most 1,000."""

    def items(self):
        now = timezone.now()
        return (
            site_stories(self.request)
            .filter(date__gt=now - NEWS_WINDOW, date__lte=now)
            .defer_streamfields()
            .only(*STORY_FIELDS, "date")
            .order_by("-date", "-pk")[:NEWS_LIMIT]
        )

    def location(self, obj: ArticlePage) -> str:
        return obj.get_url(request=self.request)


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


class CorrectionsSitemap(SiteSitemap):
    """/corrections/, the archive of corrections and updates; lastmod is its newest note."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["articles:corrections"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str):
        return Correction.objects.published().aggregate(last=Max("date"))["last"]


class SlateSitemap(SiteSitemap):
    """The production slate's page (articles.business.slate); lastmod is its newest recorded status change."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["articles:slate"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str):
        return StatusChange.objects.aggregate(last=Max("created_at"))["last"]


class BoxOfficeSitemap(SiteSitemap):
    """Every weekend chart of every territory (``/box-office/?territory=…&weekend=…``), newest first."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return list(
            Gross.objects.public().weekends().order_by("-date", "territory").values_list("territory", "date").distinct()
        )

    def location(self, item) -> str:
        territory, weekend = item
        return boxoffice.chart_url(territory, weekend)


class ReleaseSitemap(SiteSitemap):
    """The release calendar and each month of it that has a release (articles.business.releases)."""

    changefreq = "daily"

    def items(self) -> list[str]:
        depends_on(self.request, "releases")
        return ["", *(month.strftime("%Y-%m") for month in release_months())]

    def location(self, month: str) -> str:
        return reverse("articles:releases") + (f"?month={month}" if month else "")


class AwardsSitemap(SiteSitemap):
    """/awards/, every ceremony's page and every edition's results (articles.business.awards); lastmod is the
    ceremony's or edition's last edit."""

    changefreq = "weekly"

    def items(self) -> list:
        ceremonies = AwardCeremony.objects.order_by("name").only("slug", "updated_at")
        editions = AwardEdition.objects.select_related("ceremony").only("year", "updated_at", "ceremony__slug")
        return [reverse("articles:awards"), *ceremonies, *editions.order_by("ceremony__name", "-year")]

    def lastmod(self, obj):
        return None if isinstance(obj, str) else obj.updated_at

    def location(self, obj) -> str:
        return obj if isinstance(obj, str) else obj.get_absolute_url()
        return StatusChange.objects.aggregate(last=Max("created_at"))["last"]


def sections(request: HttpRequest) -> dict[str, Sitemap]:
    """The index's sections: Wagtail's live public pages, the stories, then one per linked kind, named by its URL
    prefix ("studios", …, "tags"). Tags have no edit date of their own and list only those with a public story."""
    found: dict[str, Sitemap] = {"pages": PageSitemap(request), "stories": StorySitemap(request)}
    for kind in KINDS:
        found[kind.url_prefix] = TagSitemap(request) if kind.key == "tag" else EntitySitemap(request, kind)
    found["releases"] = ReleaseSitemap(request)
    found["awards"] = AwardsSitemap(request)
    found["corrections"] = CorrectionsSitemap(request)
    found["slate"] = SlateSitemap(request)
    found["box-office"] = BoxOfficeSitemap(request)
    return found


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: each section (and its pages past the first, ``?p=2``), then the news sitemap, all on the site's
    root URL (Django's index view would name the request's host)."""
    entries = []
    for section, site_map in sections(request).items():
        location = absolute_url(request, reverse("sitemap_section", kwargs={"section": section}))
        entries.append({"location": location})
        entries.extend({"location": f"{location}?p={page}"} for page in range(2, site_map.paginator.num_pages + 1))
    entries.append({"location": absolute_url(request, reverse("sitemap_news"))})
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """/sitemap-<section>.xml: one section of the index (404 for an unknown one or a page past its end)."""
    found = sections(request)
    if section not in found:
        raise Http404("No such sitemap.")
    return django_sitemap(request, found, section=section, template_name="sitemaps/sitemap.xml")


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """/sitemap-news.xml: Google News' sitemap (its ``news:`` namespace: publication name and language, publication
    date, title)."""
    language = settings.LANGUAGE_CODE.lower()
    # Google wants an ISO 639 code; Chinese alone keeps its script (zh-cn, zh-tw).
    language = language if language.startswith("zh") else language.split("-")[0]
    publication = {"name": PUBLISHER_NAME, "language": language}
    urls = NewsSitemap(request).get_urls()
    return TemplateResponse(
        request, "sitemaps/news.xml", {"urlset": urls, "publication": publication}, content_type="application/xml"
    )

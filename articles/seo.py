"""Absolute URLs for public pages (canonical links, sitemap, feeds, JSON-LD) and their structured data (JSON-LD):
NewsArticle, Organization / Person / Movie / TVSeries, an author's Person, the home page's WebSite, BreadcrumbList."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.templatetags.static import static
from django.urls import reverse
from wagtail.models import Site

from .cache import remember
from .upstream import use_site

PUBLISHER_NAME = "Newsroom"
# Google's publisher logo rules: a raster image, at most 600 pixels wide and 60 high.
PUBLISHER_LOGO = ("img/newsroom-logo.png", 600, 60)


def find_site(request: HttpRequest | None) -> Site | None:
    """``Site.find_for_request(request)``, remembered per host and port: Wagtail runs its query (the costliest of a
    page's) on every request. Saving or deleting a Site purges ``everything`` and publishing or moving a page
    purges ``nav`` (articles.signals), so the Site and its root page are never older than those."""
    if request is None:
        return None
    if hasattr(request, "newsroom_site"):
        return request.newsroom_site
    try:
        hostname, port = split_domain_port(request.get_host())[0], request.get_port()
    except DisallowedHost:  # Wagtail matches the raw host; only allowed ones are remembered
        return Site.find_for_request(request)
    site = remember(f"site:{hostname}:{port}", ["nav"], lambda: Site.find_for_request(request))
    use_site(request, site)
    request.newsroom_site = site
    return site


def site_root_url(request: HttpRequest | None) -> str:
    """The Wagtail Site's root URL for this request (the default site's for an unknown host), without a trailing
    slash; the page sitemap and page URLs use it too. NEWSROOM_BASE_URL before any Site exists."""
    site = find_site(request)
    return site.root_url if site is not None else settings.NEWSROOM_BASE_URL


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """``path`` on the site's root URL: the one way public pages, the sitemap and feeds make a URL absolute."""
    if "://" in path:  # already absolute: a page on another Site, or media on a CDN
        return path
    return f"{site_root_url(request)}{path}"


def publisher(request: HttpRequest | None) -> dict[str, Any]:
    """The news organisation publishing every page, with its home page and logo on the site's root URL."""
    path, width, height = PUBLISHER_LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": PUBLISHER_NAME,
        "url": absolute_url(request, "/"),
        "logo": {"@type": "ImageObject", "url": absolute_url(request, static(path)), "width": width, "height": height},
    }


def same_as(entity) -> list[str]:
    """Links to the entity in public knowledge bases, from its external ids."""
    links = []
    if getattr(entity, "wikidata_id", ""):
        links.append(f"https://www.wikidata.org/wiki/{entity.wikidata_id}")
    imdb_id = getattr(entity, "imdb_id", "")
    if imdb_id:
        kind = {"nm": "name", "tt": "title", "co": "company"}[imdb_id[:2]]
        links.append(f"https://www.imdb.com/{kind}/{imdb_id}/")
    return links


def entity_ref(entity, request: HttpRequest) -> dict[str, Any]:
    data = {
        "@type": entity.linked_kind.schema_type,
        "name": entity.name,
        "url": absolute_url(request, entity.get_absolute_url()),
    }
    if links := same_as(entity):
        data["sameAs"] = links
    return data


def author_ref(author, request: HttpRequest) -> dict[str, Any]:
    """A byline as schema.org names it: a Person, or an Organization for an agency or wire."""
    return {
        "@type": "Organization" if author.kind == "agency" else "Person",
        "name": author.name,
        "url": absolute_url(request, author.get_absolute_url()),
    }


def author_json_ld(author, request: HttpRequest) -> dict[str, Any]:
    """An author's page: who they are and that they write for the publisher."""
    data = {"@context": "https://schema.org", **author_ref(author, request)}
    if author.job_title:
        data["jobTitle"] = author.job_title
    if author.bio:
        data["description"] = author.bio
    if author.website:
        data["sameAs"] = [author.website]
    data["worksFor" if data["@type"] == "Person" else "parentOrganization"] = publisher(request)
    return data


def website_json_ld(request: HttpRequest) -> dict[str, Any]:
    """The home page's WebSite with its search (a SearchAction, so search engines can offer a search box)."""
    search = absolute_url(request, reverse("articles:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": PUBLISHER_NAME,
        "url": absolute_url(request, "/"),
        "publisher": publisher(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def article_json_ld(page, request: HttpRequest, *, entities: list, authors: list, corrections=()) -> dict[str, Any]:
    """A story's NewsArticle; ``dateModified`` is its last real change (``ArticlePage.modified_at``), not its last
    save, and each correction or clarification is a ``CorrectionComment``."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.standfirst,
        "datePublished": page.date.isoformat(),
        "dateModified": page.modified_at.isoformat(),
        "mainEntityOfPage": absolute_url(request, page.get_url(request=request)),
        "author": [author_ref(author, request) for author in authors] or [publisher(request)],
        "publisher": publisher(request),
        "about": [entity_ref(entity, request) for entity in entities[:3]],
        "mentions": [entity_ref(entity, request) for entity in entities],
    }
    if page.hero_image:
        data["image"] = [absolute_url(request, page.hero_image.get_rendition("fill-1200x675").url)]
    if corrections:
        data["correction"] = [correction_json_ld(row, page, request) for row in corrections]
    return data


SHARE_RENDITION = "fill-1200x630|format-jpeg"


def share_path(page=None, entity=None) -> str:
    """The site-relative URL of the picture a shared link shows (og:image) for a Wagtail page (specific), an
    entity, or the site: a 1200×630 rendition of the story's hero, the topic's or the entity's image, else the card
    ``articles.cards`` draws for it."""
    if entity is not None:
        if getattr(entity, "image_id", None):
            return entity.image.get_rendition(SHARE_RENDITION).url
        return reverse("articles:share_card", args=[entity.entity_type, entity.slug])
    if page is not None:
        image = getattr(page, "hero_image", None) or getattr(page, "image", None)
        if image is not None and hasattr(image, "get_rendition"):
            return image.get_rendition(SHARE_RENDITION).url
        return reverse("articles:share_card", args=["page", str(page.pk)])
    return reverse("articles:share_site_card")


def correction_json_ld(correction, page, request: HttpRequest) -> dict[str, Any]:
    """A correction, clarification or update as schema.org's CorrectionComment, linked to its note on the story."""
    return {
        "@type": "CorrectionComment",
        "text": f"{correction.get_kind_display()}: {correction.text}",
        "datePublished": correction.date.isoformat(),
        "url": absolute_url(request, f"{page.get_url(request=request)}#{correction.get_anchor()}"),
    }


def entity_json_ld(entity, request: HttpRequest, rows: dict[str, list] | None = None) -> dict[str, Any]:
    """The entity page's own JSON-LD; ``rows`` are the relation rows its page shows (``views.relations``)."""
    rows = rows or {}
    data = {"@context": "https://schema.org", **entity_ref(entity, request)}
    if entity.summary:
        data["description"] = entity.summary
    if aliases := entity.alias_list:
        data["alternateName"] = aliases
    if entity.image_id:
        rendition = entity.image.get_rendition("fill-1200x675" if entity.entity_type != "person" else "fill-800x800")
        data["image"] = absolute_url(request, rendition.url)
    elif entity.entity_type in ("film", "series"):
        data["image"] = absolute_url(request, share_path(entity=entity))  # its card: Google wants a Movie image
    if entity.entity_type == "film" and entity.year:
        data["dateCreated"] = str(entity.year)
    if entity.entity_type == "series":
        if entity.first_year:
            data["startDate"] = str(entity.first_year)
        if entity.last_year and entity.status in ("ended", "cancelled"):
            data["endDate"] = str(entity.last_year)
        if entity.network_id:
            data["publisher"] = entity_ref(entity.network, request)
        if seasons := rows.get("seasons"):
            data["numberOfSeasons"] = len(seasons)
            episodes = [season.episodes for season in seasons if season.episodes]
            if episodes:
                data["numberOfEpisodes"] = sum(episodes)
            data["containsSeason"] = [_season_json_ld(season) for season in seasons]
    if entity.entity_type in ("film", "series"):
        credits = rows.get("credits", [])
        roles = {"director": "director", "cast": "actor", "creator": "creator"}
        for role, prop in roles.items():
            people = [entity_ref(row.person, request) for row in credits if row.role == role]
            if people:
                data[prop] = people
        companies = [
            entity_ref(row.studio, request)
            for row in rows.get("companies", [])
            if row.role in ("producer", "co_producer", "studio")
        ]
        if companies:
            data["productionCompany"] = companies
    if entity.entity_type == "studio" and entity.parent_id:
        data["parentOrganization"] = entity_ref(entity.parent, request)
    if entity.entity_type == "studio" and entity.image_id:
        data["logo"] = data["image"]
    return data


def _season_json_ld(season) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "TVSeason", "seasonNumber": season.number, "name": f"Season {season.number}"}
    if season.year:
        data["startDate"] = str(season.year)
    if season.episodes:
        data["numberOfEpisodes"] = season.episodes
    return data


def breadcrumbs_json_ld(items: list[tuple[str, str]], request: HttpRequest) -> dict[str, Any]:
    """``items`` are (name, path) pairs from the home page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": absolute_url(request, path)}
            for index, (name, path) in enumerate(items, start=1)
        ],
    }


# Live coverage: a LiveBlogPosting whose liveBlogUpdate are the updates shown (Google's rules for live blogs).

# Google wants coverageEndTime on every live blog; while an editor has not set one, the coverage is assumed to run
# this long from its start (the page says "Live" until the status changes, whatever this estimate says).
LIVE_COVERAGE_ESTIMATE_HOURS = 12


def update_text(update) -> str:
    """A live update's words as plain text (its text and quotes), for ``articleBody`` and feeds."""
    from django.utils.html import strip_tags

    parts = []
    for block in update.body:
        if block.block_type == "text":
            parts.append(strip_tags(block.value.source))
        elif block.block_type == "quote":
            parts.append(block.value["quote"])
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


def live_blog_json_ld(page, request: HttpRequest, *, entities: list, authors: list, updates: list) -> dict[str, Any]:
    """A live page's NewsArticle data as a ``LiveBlogPosting``, with its coverage times and each update shown as a
    ``BlogPosting`` (headline, datePublished, articleBody, url). ``updates``: newest first, each with ``headline``,
    ``first_published_at``, ``last_published_at``, ``anchor`` and ``text`` (its words, ``update_text``)."""
    from datetime import timedelta

    data = article_json_ld(page, request, entities=entities, authors=authors)
    start = page.coverage_start or page.date
    end = page.coverage_end or start + timedelta(hours=LIVE_COVERAGE_ESTIMATE_HOURS)
    url = data["mainEntityOfPage"]
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = start.isoformat()
    data["coverageEndTime"] = end.isoformat()
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": update.headline[:110],
            "datePublished": update.first_published_at.isoformat(),
            "dateModified": update.last_published_at.isoformat(),
            "articleBody": update.text,
            "url": f"{url}#{update.anchor}",
            "author": data["author"],
            "publisher": data["publisher"],
        }
        for update in updates
    ]
    if updates:
        changes = [page.last_published_at or page.date, *(update.last_published_at for update in updates)]
        data["dateModified"] = max(changes).isoformat()
    return data

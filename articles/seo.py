"""Structured data (JSON-LD) for public pages: NewsArticle, Organization / Person / Movie, BreadcrumbList."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

PUBLISHER = {"@type": "NewsMediaOrganization", "name": "Newsroom"}


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
        "url": request.build_absolute_uri(entity.get_absolute_url()),
    }
    if links := same_as(entity):
        data["sameAs"] = links
    return data


def article_json_ld(page, request: HttpRequest, *, entities: list, authors: list) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.standfirst,
        "datePublished": page.date.isoformat(),
        "dateModified": (page.last_published_at or page.date).isoformat(),
        "mainEntityOfPage": request.build_absolute_uri(page.get_url(request=request)),
        "author": [
            {
                "@type": "Organization" if author.kind == "agency" else "Person",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in authors
        ]
        or [PUBLISHER],
        "publisher": PUBLISHER,
        "about": [entity_ref(entity, request) for entity in entities[:3]],
        "mentions": [entity_ref(entity, request) for entity in entities],
    }
    if page.hero_image:
        data["image"] = [request.build_absolute_uri(page.hero_image.get_rendition("fill-1200x675").url)]
    return data


def entity_json_ld(entity, request: HttpRequest) -> dict[str, Any]:
    data = {"@context": "https://schema.org", **entity_ref(entity, request)}
    if entity.summary:
        data["description"] = entity.summary
    if aliases := entity.alias_list:
        data["alternateName"] = aliases
    if entity.entity_type == "film" and entity.year:
        data["dateCreated"] = str(entity.year)
    if entity.entity_type == "studio" and entity.parent_id:
        data["parentOrganization"] = entity_ref(entity.parent, request)
    return data


def breadcrumbs_json_ld(items: list[tuple[str, str]], request: HttpRequest) -> dict[str, Any]:
    """``items`` are (name, path) pairs from the home page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": request.build_absolute_uri(path)}
            for index, (name, path) in enumerate(items, start=1)
        ],
    }

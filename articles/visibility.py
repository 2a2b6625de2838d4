"""The one rule for what anonymous readers may see: of the page tree, live pages under no view restriction; of
studios, people and films, the accepted ones (a contributor's proposal waits for an editor).

Imports nothing from the app, so blocks, rich-text handlers, models and querysets can all use it."""

from __future__ import annotations

RESTRICTED_PATHS_CACHE_KEY = "pages:restricted-paths"
ENTITY_PROPOSED = "proposed"
ENTITY_ACCEPTED = "accepted"


def restricted_paths() -> list[str]:
    """Tree paths of pages with a view restriction, cached (articles.signals clears it when restrictions change).

    Wagtail's ``public()`` reads every restriction on each call; listings call it several times per page.
    """
    from django.core.cache import cache
    from wagtail.models import PageViewRestriction

    paths = cache.get(RESTRICTED_PATHS_CACHE_KEY)
    if paths is None:
        paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        cache.set(RESTRICTED_PATHS_CACHE_KEY, paths, 3600)
    return paths


def exclude_restricted(queryset):
    """``queryset`` of pages without those under a view restriction: ``public()`` without its per-call query."""
    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def is_published(page) -> bool:
    """``published()`` for a page already fetched: live and under no view restriction (no query)."""
    return page is not None and page.live and not any(page.path.startswith(path) for path in restricted_paths())


def is_public_entity(obj) -> bool:
    """``public_entities()`` for an object already fetched (a prefetched relation); anything but an entity is."""
    return getattr(obj, "review_status", ENTITY_ACCEPTED) == ENTITY_ACCEPTED


def public_entities(queryset):
    """``queryset`` of studios, people or films without those still proposed, awaiting an editor.

    Works on a database queryset and on modelcluster's in-memory one (a preview's or a revision's relations)."""
    return queryset.filter(review_status=ENTITY_ACCEPTED)

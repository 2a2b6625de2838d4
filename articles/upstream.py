"""Every use of a private or internal part of Wagtail, modelcluster or modelsearch, each for an upstream defect.

Nothing else in ``articles/`` or ``newsroom/`` may use one; ``tests/test_upstream.py`` fails when upstream
renames or changes what is used here, so an upgrade shows what to revisit. Reasons, and what to drop when
upstream fixes them, are in docs/architecture.md ("Upstream adapter").

- ``TitleNormIndex``: modelsearch's PostgreSQL index refreshes ``title_norm`` after each indexed object by
  averaging the whole index and scanning it for default norms (``PostgresIndex._refresh_title_norms``, no
  setting or hook to change it).
- ``add_new_page``: ``add_child`` plus ``save_revision`` re-read, for a page that cannot have any, its links,
  tags, comments and site-root state, and queue its reference index twice; importing is ~40 % slower
  through the public calls alone (bench/README.md).
- ``use_site``: Wagtail finds a request's ``Site`` with a query on every request (``Site.find_for_request``, which
  keeps it on the request only) and has no public way to be handed one found elsewhere (a cached lookup).
- ``search_values``: search results are model instances, and modelsearch's PostgreSQL backend selects each
  match's whole text vector to build them; ids alone come from the database backends' ``get_queryset()``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache
from django.db.models import Avg, F, Model
from django.db.models.functions import Length
from modelsearch.backends.base import BaseSearchResults
from modelsearch.backends.database.postgres.postgres import PostgresIndex
from wagtail.models import COMMENTS_RELATION_NAME, Page
from wagtail.signal_handlers import disable_reference_index_auto_update

AVERAGE_TITLE_KEY = "search:average-title-length"
AVERAGE_TITLE_SECONDS = 3600


class TitleNormIndex(PostgresIndex):
    """modelsearch's PostgreSQL index, with the average title length cached between indexed objects."""

    def _refresh_title_norms(self, full: bool = False) -> None:
        if full:
            cache.delete(AVERAGE_TITLE_KEY)
            super()._refresh_title_norms(full=True)
            return
        average = cache.get(AVERAGE_TITLE_KEY)
        if average is None:
            titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
            average = titled.aggregate(Avg("title_length"))["title_length__avg"]
            if average is None:
                return  # nothing with a title is indexed yet
            cache.set(AVERAGE_TITLE_KEY, average, AVERAGE_TITLE_SECONDS)
        self.entries.filter(title_norm=1.0).annotate(title_length=Length("title")).filter(title_length__gt=0).update(
            title_norm=average / F("title_length")
        )


def use_site(request, site) -> None:
    """Make ``Site.find_for_request(request)`` answer ``site`` (found by ``articles.seo.find_site``) without its
    query, as it does once it has looked the site up itself: routing, page URLs and ``{% pageurl %}`` all ask."""
    request._wagtail_site = site


def search_values(results: BaseSearchResults, *fields: str) -> list[tuple]:
    """``(pk, *fields)`` of each of these (sliced) search results, in order, on any search backend.

    On modelsearch's database backends it reads the values without building the instances (three to six times
    faster for a 200-result window); elsewhere it reads them from the instances the public API returns.
    """
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return list(get_queryset().values_list("pk", *fields))
    return [(obj.pk, *(getattr(obj, name) for name in fields)) for obj in results]


def add_new_page(
    parent: Page, page: Page, *, links: dict[str, Sequence[Model]], tags: Sequence[str], tag_relation: str
) -> None:
    """``parent.add_child(instance=page)`` for a brand-new page, with its many-to-many ``links`` and ``tags``.

    Afterwards the page holds its links, tags and (no) comments in memory, so ``page.save_revision()`` serialises
    and saves them without reading them back; that save queues the page's reference index.
    """
    if tags:
        page.tags.add(*tags)
    page._is_site_root = False  # a new page (a fresh translation key) is no site's root; Wagtail asks on each save
    with disable_reference_index_auto_update():
        parent.add_child(instance=page)
    for field_name, objects in links.items():
        if objects:
            # What committing the relation on save does (Django's add(), with its signals), less first reading the
            # links the page already has: a new page has none.
            getattr(page, field_name).get_original_manager().add(*objects)
        setattr(page, field_name, objects)
    setattr(page, COMMENTS_RELATION_NAME, [])
    if not tags:
        setattr(page, tag_relation, [])

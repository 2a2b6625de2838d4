"""Wagtail discovers this module; each admin area registers its hooks in its own module under articles/admin/."""

from wagtail import hooks

from .admin import (
    awards,  # noqa: F401 - award ceremonies and editions with their nominations
    boxoffice,  # noqa: F401 - grosses, exchange rates and "Import box office"
    curation,  # noqa: F401 - tag manager, entity merge, batch tagging, curation jobs
    editing,  # noqa: F401 - editing sessions: no false "new version" from a ping that crossed an autosave
    entities,  # noqa: F401 - the entity autocomplete's search and create endpoints
    importer,  # noqa: F401 - the "Import stories" page
    ingest,  # noqa: F401 - the agency ingest queue and agency feeds
    live,  # noqa: F401 - live updates: the snippet editor and "Add live update" on live pages
    partners,  # noqa: F401 - syndication partners and their feed tokens (Settings)
    proposals,  # noqa: F401 - proposed entities awaiting review: dashboard panel, accept and reject
    releases,  # noqa: F401 - the "Import releases" page (CSV, dry run)
    snippets,  # noqa: F401 - studios, people, films and authors
    stories,  # noqa: F401 - the "Stories" listing and the explorer's article columns and filters
    suggestions,  # noqa: F401 - the "Suggested entities" panel's endpoint
    workflow,  # noqa: F401 - deletion rules of the editorial workflow
)
from .rich_text import PublishedPageLinkHandler


@hooks.register("register_rich_text_features", order=10)  # after Wagtail's own "page" link type
def register_published_page_links(features) -> None:
    features.register_link_type(PublishedPageLinkHandler)

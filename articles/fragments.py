"""Rendered HTML fragments cached under dependency-tag versions: story cards and article bodies.

A page-cache miss (a new page, a purge, a reader with a session) still has to build the page. Most of that time is
rendering story cards (hero image renditions, bylines, dates) and an article's StreamField body, and those change
far less often than the lists and pages around them. Each fragment is stored under the current versions of the
dependency tags (articles.cache) that every change to what it shows purges, read before rendering, so a fragment
is never served after its story changed (the page cache's own rule):

- a card shows one story (``article:<id>``: edit, publish, unpublish, move, delete) and its URL (``nav``: topics
  renamed or moved); its authors' names and its hero image are the objects it loaded (``obj:author:<id>``,
  ``obj:image:<id>``, collected while it rendered, articles.dependencies); ``everything`` covers bulk changes such
  as curation and view restrictions;
- an article body shows the story (``article:<id>`` plus its live revision), images placed in it (collected)
  and links the first mention of each studio, person and film it is linked to (their own tags: renamed, merged
  or given a new slug). Links in the rich text to other pages keep the URL they had when the body was rendered
  until one of these changes or a day passes; a whole cached page has the same limit (a moved topic purges
  ``nav``, which covers the common case).

A card is only rendered for a story that is public now (``listings.cards``), and unpublishing purges the story's
tag, so a story that is no longer public drops out of every list at once. With ``NEWSROOM_TAGGED_CACHE = False``
(the tests' default) nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.template.loader import get_template

from .cache import remember, remember_many

CARD_TAGS = ("nav",)  # and "everything", which remember_many always adds; the objects shown are collected
FRAGMENT_SECONDS = 24 * 3600  # a backstop; purges are what keeps fragments right


@dataclass(frozen=True)
class Card:
    """A rendered story card: the story's id and its HTML (``{{ card }}`` in a template)."""

    pk: int
    html: str

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def story_cards(article_ids: Iterable[int], *, large: bool = False, request=None) -> list[Card]:
    """Cards for the public stories among these ids, in order: cached ones from one cache read, the rest from
    one listing query (plus its prefetches) and the card template."""
    from .listings import cards

    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return []
    template = get_template("components/story_card.html")

    def render(missing: list[int]) -> dict[int, str]:
        # Stories no longer public are left out, so they are neither stored nor shown.
        return {
            page.pk: template.render({"story": page, "large": large, "request": request}) for page in cards(missing)
        }

    size = "large" if large else "small"
    rendered = remember_many(
        f"card:{size}", {pk: [f"article:{pk}", *CARD_TAGS] for pk in ids}, render, FRAGMENT_SECONDS
    )
    return [Card(pk, rendered[pk]) for pk in ids if pk in rendered]


def article_body(page, entities: list, render: Callable[[], str], *, preview: bool = False) -> str:
    """An article's rendered, entity-linked body, cached per live revision while neither the story nor any entity it
    links to changes. Previews (which show a draft) and pages that are not live always render."""
    if preview or not page.live or not page.live_revision_id:
        return render()
    tags = [f"article:{page.pk}", "nav", *(f"{entity.entity_type}:{entity.pk}" for entity in entities)]
    return remember(f"body:{page.pk}:{page.live_revision_id}", tags, render, FRAGMENT_SECONDS)

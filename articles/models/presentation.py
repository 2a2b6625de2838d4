"""Where a page type's public presentation plugs in, so that models never import the layers above them.

A page model holds its data, its queries and its admin-independent behaviour. What a reader sees — the template
context (cards, lists, structured data, cache dependencies) and the responses of its sub-URLs (a topic's feed) —
belongs to the reads layer (articles.presenters), which registers one presenter per page type at start-up
(``ArticlesConfig.ready``). The page asks for it by name; a missing presenter is a programming error, not a
silent blank page.

Likewise ``page_saved`` is sent once a page's relations are committed (modelcluster commits them after Django's
``post_save``), for the listings that must follow in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

_PRESENTERS: dict[tuple[str, str], Callable[..., Any]] = {}

# Sent by ArticlePage and TopicPage at the end of save(): sender=the class, instance, update_fields.
page_saved = Signal()


def presents(model: type, name: str = "context") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the function that presents ``model`` pages: ``context`` (page, request, context) → context, or a
    named sub-URL such as ``feed`` (page, request) → response."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        _PRESENTERS[(model._meta.label_lower, name)] = function
        return function

    return register


def presenter(page: Any, name: str = "context") -> Callable[..., Any]:
    """The registered presenter of this page's type (or of the nearest page type it derives from)."""
    for model in type(page).__mro__:
        meta = getattr(model, "_meta", None)
        if meta is not None and (meta.label_lower, name) in _PRESENTERS:
            return _PRESENTERS[(meta.label_lower, name)]
    raise ImproperlyConfigured(f"No {name!r} presenter registered for {type(page).__name__} (articles.presenters).")

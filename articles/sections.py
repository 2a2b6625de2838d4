"""Sections of an entity's public page contributed by kinds of linked facts (releases, box office, awards,
reviews…), each declared once.

A feature registers an ``EntitySection`` (usually from its own module, imported by the URLconf): which kinds'
pages show it, a function loading what it shows (flat in queries: one or two, whatever the number of rows), the
template rendering it, and optionally what it adds to the page's JSON-LD. ``views.EntityDetailView`` loads every
section for the entity and ``entity_base.html`` renders them in ``order``; a section whose ``load`` returns
nothing falsy is left out. What a section shows is purged through the relation registry
(``articles.models.relations``): its rows name the entity, so saving or deleting one purges the entity's page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class EntitySection:
    key: str  # "releases"; also the template context name of its data on the page
    kinds: tuple[str, ...]  # the linked kinds whose pages show it: ("film", "series")
    template: str  # rendered with ``entity``, ``data`` and ``section`` in its context
    load: Callable[[Any], Any]  # entity → what the template shows (falsy: the section is left out)
    order: int = 100  # lower first
    # (entity, data, request) → properties merged into the entity page's JSON-LD (lists are extended)
    json_ld: Callable[[Any, Any, HttpRequest], dict[str, Any]] | None = None


_SECTIONS: dict[str, EntitySection] = {}


def register(section: EntitySection) -> EntitySection:
    """Add (or replace, on a module reload) a section; returns it so a module can keep it."""
    _SECTIONS[section.key] = section
    return section


def for_kind(kind: str) -> list[EntitySection]:
    return sorted((s for s in _SECTIONS.values() if kind in s.kinds), key=lambda s: (s.order, s.key))


def load(entity) -> list[tuple[EntitySection, Any]]:
    """Each section of this entity's page with its data, in order, without the empty ones."""
    loaded = []
    for section in for_kind(entity.entity_type):
        data = section.load(entity)
        if data:
            loaded.append((section, data))
    return loaded


def json_ld(entity, loaded: list[tuple[EntitySection, Any]], request: HttpRequest) -> dict[str, Any]:
    """The JSON-LD properties the loaded sections add."""
    extra: dict[str, Any] = {}
    for section, data in loaded:
        if section.json_ld is None:
            continue
        for name, value in section.json_ld(entity, data, request).items():
            if isinstance(value, list) and isinstance(extra.get(name), list):
                extra[name] = [*extra[name], *value]
            else:
                extra[name] = value
    return extra

"""Rows that tie entities to each other — credits, companies, affiliations, seasons, releases… — each declared once.

A relation row shows on the pages of every entity it names (a credit on the film's and the person's page), so the
change pipeline purges those pages when a row changes, an entity's own change purges the pages of the entities its
rows name, and merging two entities moves their rows. ``articles.signals`` and ``articles.curation.entities`` read
this registry instead of naming the models; a new kind of linked fact (a release, a nomination) adds one entry
here and gets all three. Like the registry of linked kinds it imports nothing from Newsroom: models are resolved
by label when first asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Side:
    """One entity a relation row names: its kind key and the foreign key field pointing at it."""

    kind: str  # a key of KINDS: "film"
    field: str  # the ForeignKey's name on the relation model: "film", "via"
    # Merging two entities drops a moved row that would repeat one the survivor already has (same other sides and
    # ``Relation.identity``); a side that only qualifies the row (a credit's "via" company) is repointed as it is.
    dedupe: bool = True

    @property
    def column(self) -> str:
        return f"{self.field}_id"


@dataclass(frozen=True)
class Relation:
    """A model whose rows name two or more entities (or one entity and describe it, like a season)."""

    model_label: str
    sides: tuple[Side, ...]
    identity: tuple[str, ...] = ()  # the row's own fields that, with its other sides, make two rows the same
    # Pages listing rows of this kind, beyond the entities' own: (dependency tag, URL name), e.g. ("releases",
    # "articles:releases"). A list page declares the tag (``depends_on(request, "releases")``); any row's save or
    # delete purges it, and a CDN purge by URL reaches the named page (and its ``feed/``).
    pages: tuple[tuple[str, str], ...] = ()

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_label)

    def columns(self) -> tuple[str, ...]:
        return tuple(side.column for side in self.sides)

    def tags(self, row: Any) -> set[str]:
        """The dependency tags of the pages showing ``row``: the entities it names and the lists of its kind."""
        tags = {f"{side.kind}:{pk}" for side in self.sides if (pk := getattr(row, side.column, None))}
        return tags | {tag for tag, _ in self.pages}

    def others(self, side: Side) -> tuple[Side, ...]:
        return tuple(other for other in self.sides if other is not side)


class RelationRegistry:
    def __init__(self, *relations: Relation) -> None:
        self._relations = relations

    def __iter__(self) -> Iterator[Relation]:
        return iter(self._relations)

    def models(self) -> list[Any]:
        return [relation.model for relation in self._relations]

    def of(self, model) -> Relation | None:
        """The relation a model (or instance) is declared as, or None."""
        label = model._meta.label
        return next((relation for relation in self._relations if relation.model_label == label), None)

    def for_model(self, model) -> Relation:
        """The relation a model is declared as; LookupError for any other."""
        relation = self.of(model)
        if relation is None:
            raise LookupError(f"{model._meta.label} is not a registered relation.")
        return relation

    def page_urls(self) -> dict[str, str]:
        """URL names of the list pages, by dependency tag."""
        return {tag: url_name for relation in self._relations for tag, url_name in relation.pages}

    def naming(self, kind: str) -> Iterator[tuple[Relation, Side]]:
        """Each (relation, side) through which a row names an entity of this kind."""
        for relation in self._relations:
            for side in relation.sides:
                if side.kind == kind:
                    yield relation, side


RELATIONS = RelationRegistry(
    Relation(
        "articles.FilmCredit",
        (Side("film", "film"), Side("person", "person"), Side("studio", "via", dedupe=False)),
        identity=("role", "character"),
    ),
    Relation("articles.FilmCompany", (Side("film", "film"), Side("studio", "studio")), identity=("role", "territory")),
    Relation("articles.PersonAffiliation", (Side("person", "person"), Side("studio", "studio")), identity=("title",)),
    Relation(
        "articles.SeriesCredit",
        (Side("series", "series"), Side("person", "person"), Side("studio", "via", dedupe=False)),
        identity=("role", "character"),
    ),
    Relation(
        "articles.SeriesCompany", (Side("series", "series"), Side("studio", "studio")), identity=("role", "territory")
    ),
    Relation("articles.Series", (Side("studio", "network", dedupe=False),)),
    Relation("articles.Season", (Side("series", "series"),), identity=("number",)),
    Relation(
        "articles.Release",
        (Side("film", "film"), Side("series", "series"), Side("studio", "company", dedupe=False)),
        identity=("season", "territory", "release_type", "date", "venue"),
        pages=(("releases", "articles:releases"),),
    ),
    # Awards (articles/models/awards.py): a nomination names the honoured entity and, for a person or studio, the
    # title it is for; every awards page declares "awards".
    Relation(
        "articles.AwardNomination",
        (Side("film", "film"), Side("series", "series"), Side("person", "person"), Side("studio", "studio")),
        identity=("edition", "category"),
        pages=(("awards", "articles:awards"),),
    ),
    # The production slate (articles.models.slate): a change names a film or a series, and shows on /slate/.
    Relation(
        "articles.StatusChange",
        (Side("film", "film"), Side("series", "series")),
        identity=("status", "date"),
        pages=(("slate", "articles:slate"),),
    ),
    # Box office (articles/models/boxoffice.py): a film's grosses show on its page and on the weekly chart.
    Relation(
        "articles.Gross",
        (Side("film", "film"),),
        identity=("territory", "period", "date"),
        pages=(("box-office", "articles:box_office"),),
    ),
)

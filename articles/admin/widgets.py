"""An autocomplete multi-chooser for the entity fields of articles and topics.

Contract for other scripts (e.g. the suggestions panel): the underlying ``<select multiple name="…">`` stays in
the form and is the source of truth. Any script may add ``<option value="ID" selected>`` to it and dispatch a
bubbling ``change`` event on it; the widget then shows the new chip. The widget's wrapper carries
``data-entity-type``, ``data-search-url`` and ``data-create-url``.

Only the selected options are rendered server-side, so the form stays small with any number of entities.
"""

from __future__ import annotations

import json

from django import forms
from django.urls import reverse


def entity_model(kind: str):
    from ..models import KINDS

    return KINDS.get(kind).model


class JSONChoicesWidget(forms.CheckboxSelectMultiple):
    """Checkboxes for a JSON list of choice values (Person.occupations, Film.genres)."""

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = []
        return [str(item) for item in value or []]

    def value_from_datadict(self, data, files, name):
        # The model form field is a JSONField, which parses text: hand it the chosen values as JSON.
        return json.dumps(super().value_from_datadict(data, files, name) or [])

    def value_omitted_from_data(self, data, files, name):
        return False  # no box ticked means an empty list, not "field missing"


class EntityAutocompleteWidget(forms.SelectMultiple):
    template_name = "articles/admin/widgets/entity_autocomplete.html"

    def __init__(self, kind: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind

    def optgroups(self, name, value, attrs=None):
        ids = [int(item) for item in value if str(item).isdigit()]
        chosen = entity_model(self.kind).objects.filter(pk__in=ids).order_by("name") if ids else []
        options = [self.create_option(name, item.pk, str(item), True, index) for index, item in enumerate(chosen)]
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            kind=self.kind,
            search_url=reverse("newsroom_entity_search", args=[self.kind]),
            create_url=reverse("newsroom_entity_create", args=[self.kind]),
        )
        return context

    @property
    def media(self):
        return forms.Media(
            js=["articles/admin/entity-autocomplete.js"], css={"all": ["articles/admin/entity-autocomplete.css"]}
        )

"""The "Suggested entities" panel in the article editor: entities found in the current, unsaved text."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.panels import Panel

from .. import linking

MAX_TEXT = 200_000
FIELDS = {"studio": "studios", "person": "people", "film": "films"}


@require_POST
def suggest_view(request: HttpRequest) -> JsonResponse:
    """Matches and new-entity candidates for the posted title, standfirst and body text."""
    text = "\n\n".join(request.POST.get(name, "") for name in ("title", "standfirst", "body"))
    if len(text) > MAX_TEXT:
        return JsonResponse({"error": f"The text is too long to analyse (over {MAX_TEXT:,} characters)."}, status=400)
    suggestions = linking.suggest(text.replace("\x00", " "))
    matches = [
        {**match.as_dict(), "field": FIELDS[match.entity_type]}
        for match in suggestions.matches
        if match.entity_type in FIELDS and match.confidence >= 0.4
    ]
    candidates = [
        {**candidate.as_dict(), "field": FIELDS[candidate.entity_type]}
        for candidate in suggestions.candidates
        if candidate.entity_type in FIELDS
    ]
    return JsonResponse({"matches": matches, "candidates": candidates})


class SuggestedEntitiesPanel(Panel):
    """Lists the studios, people and films the text mentions, each one click away from the article's fields."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/suggestions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["suggest_url"] = reverse("newsroom_suggest_entities")
            context["create_urls"] = {kind: reverse("newsroom_entity_create", args=[kind]) for kind in FIELDS}
            return context

        @property
        def media(self):
            return forms.Media(js=["articles/admin/suggestions.js"], css={"all": ["articles/admin/suggestions.css"]})


@hooks.register("register_admin_urls")
def register_suggestion_urls():
    return [path("newsroom/suggest-entities/", suggest_view, name="newsroom_suggest_entities")]

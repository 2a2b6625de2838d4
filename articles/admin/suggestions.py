"""The "Suggested entities" panel in the article editor: entities found in the current, unsaved text."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.panels import Panel
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .. import linking
from ..models.kinds import KINDS
from ..permissions import entity_create_action

MAX_TEXT = 200_000  # characters of title + standfirst + body; a long feature is ~50k
TEXT_FIELDS = ("title", "standfirst", "body")
# The article field of each kind the linker recognises: {"studio": "studios", …}.
FIELDS = {kind.key: kind.article_field for kind in KINDS.recognised()}
# Below this the matcher has seen a bare common word or short form with no supporting evidence; offering those
# would bury the real mentions.
MIN_CONFIDENCE = 0.4


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _selected_ids(request: HttpRequest, field: str) -> set[int]:
    """Ids currently chosen in the editor's (unsaved) entity field; anything that is not an id is ignored."""
    return {
        int(value) for value in request.POST.getlist(field) if value.isascii() and value.isdigit() and len(value) < 19
    }


def _page_permission_error(request: HttpRequest) -> JsonResponse | None:
    """A 403 unless the user may write pages; a posted page or parent must be one they can edit or add under."""
    user = request.user
    if not PagePermissionPolicy().user_has_any_permission(user, {"add", "change", "publish"}):
        return _error("You do not have permission to edit pages.", 403)
    for key, allowed in (("page", "can_edit"), ("parent", "can_add_subpage")):
        raw = request.POST.get(key, "")
        if not raw:
            continue
        # Bounded so a forged huge number cannot overflow the database's integer type.
        page = Page.objects.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
        if page is None:
            return _error(f"Unknown {key}.", 400)
        if not getattr(page.permissions_for_user(user), allowed)():
            return _error("You do not have permission to edit this page.", 403)
    return None


def suggestions_payload(text: str, selected: dict[str, set[int]]) -> dict[str, Any]:
    """Matches grouped by entity field (each flagged if already chosen) and candidates for new entities."""
    suggestions = linking.suggest(text)
    matches: dict[str, list[dict[str, Any]]] = {field: [] for field in FIELDS.values()}
    for match in suggestions.matches:
        field = FIELDS.get(match.entity_type)
        if field is None or match.confidence < MIN_CONFIDENCE:
            continue
        matches[field].append({**match.as_dict(), "field": field, "selected": match.entity_id in selected[field]})
    candidates = [
        {**candidate.as_dict(), "field": FIELDS[candidate.entity_type]}
        for candidate in suggestions.candidates
        if candidate.entity_type in FIELDS
    ]
    return {"matches": matches, "candidates": candidates}


@require_POST
def suggest_view(request: HttpRequest) -> JsonResponse:
    """Matches and new-entity candidates for the posted title, standfirst and body text."""
    denied = _page_permission_error(request)
    if denied is not None:
        return denied
    text = "\n\n".join(request.POST.get(name, "") for name in TEXT_FIELDS)
    if len(text) > MAX_TEXT:
        return _error(f"The text is too long to analyse (over {MAX_TEXT:,} characters).", 400)
    selected = {field: _selected_ids(request, field) for field in FIELDS.values()}
    # NUL bytes cannot come from a real editor and upset some database backends in the gazetteer check.
    return JsonResponse(suggestions_payload(text.replace("\x00", " "), selected))


class SuggestedEntitiesPanel(Panel):
    """Lists the studios, people and films the text mentions, each one click away from the article's fields."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/suggestions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            parent = getattr(self.form, "parent_page", None)
            context.update(
                suggest_url=reverse("newsroom_suggest_entities"),
                fields_json=json.dumps({kind.article_field: kind.title for kind in KINDS.recognised()}),
                create_urls_json=json.dumps(
                    {kind.key: reverse("newsroom_entity_create", args=[kind.key]) for kind in KINDS.recognised()}
                ),
                # "create", "propose" or "" per kind: the panel shows only a button that will work.
                create_actions_json=json.dumps(
                    {kind.key: entity_create_action(self.request.user, kind.model) for kind in KINDS.recognised()}
                ),
                page_id=self.instance.pk or "",
                parent_id=parent.pk if parent is not None and not self.instance.pk else "",
            )
            return context

        @property
        def media(self):
            return forms.Media(js=["articles/admin/suggestions.js"], css={"all": ["articles/admin/suggestions.css"]})


@hooks.register("register_admin_urls")
def register_suggestion_urls():
    return [path("newsroom/suggest-entities/", suggest_view, name="newsroom_suggest_entities")]

"""The "Suggested entities" panel in the article editor: entities found in the current, unsaved text, and the
facts it states about them (credits, company roles, affiliations), each added to its film or person in one click,
and the business statements it makes (release dates, grosses, awards, status changes; ``linking.statements``)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.panels import Panel
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .. import linking
from ..linking import statements
from ..models import Film, FilmCompany, FilmCredit, Person, PersonAffiliation, Studio
from ..models.kinds import KINDS
from ..permissions import entity_create_action

MAX_TEXT = 200_000  # characters of title + standfirst + body; a long feature is ~50k
TEXT_FIELDS = ("title", "standfirst", "body")
# The article field of each kind the linker recognises: {"studio": "studios", …}.
FIELDS = {kind.key: kind.article_field for kind in KINDS.recognised()}
# Below this the matcher has seen a bare common word or short form with no supporting evidence; offering those
# would bury the real mentions.
MIN_CONFIDENCE = 0.4
# Facts offered at most (strongest first), and checked against the database per query.
MAX_FACTS = 100
FACT_BATCH = 100


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


def suggestions_payload(text: str, selected: dict[str, set[int]], *, user: Any = None) -> dict[str, Any]:
    """Matches grouped by entity field (each flagged if already chosen), candidates for new entities, and the facts
    the text states that the database does not hold yet (``can_add`` when ``user`` may record them)."""
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
    confident = [m for m in suggestions.matches if m.confidence >= MIN_CONFIDENCE]
    found = linking.extract_facts(text, confident)
    return {
        "matches": matches,
        "candidates": candidates,
        "facts": _new_facts(found, user),
        "statements": _statements(text, confident, user),
    }


def _statements(text: str, matches: list[linking.Match], user: Any) -> list[dict[str, Any]]:
    """Release dates, grosses, awards and status changes the text states (``linking.statements``), at most
    ``MAX_FACTS``, each with the label of its kind and whether ``user`` may record it."""
    shown: list[dict[str, Any]] = []
    for finder in statements.finders():
        can_add = user is not None and user.has_perm(finder.permission)
        found = sorted(finder.find(text, matches), key=lambda statement: -statement.confidence)
        shown.extend({**statement.as_dict(), "group": finder.label, "can_add": can_add} for statement in found)
    return shown[:MAX_FACTS]


# How each kind of fact is stored: its row model, the parent whose snippet holds it, and the row's two entities.
FACT_ROWS: dict[str, tuple[type, type, str, type, str, type]] = {
    # kind: (row model, parent model, subject field, subject model, target field, target model)
    "credit": (FilmCredit, Film, "person", Person, "film", Film),
    "company": (FilmCompany, Film, "studio", Studio, "film", Film),
    "affiliation": (PersonAffiliation, Person, "person", Person, "studio", Studio),
}
# What else a row holds that tells one fact from another (as in ``linking.Fact.key``).
FACT_FIELDS = {"credit": ("role",), "company": ("role", "territory"), "affiliation": ("title",)}
ROLES = {"credit": dict(FilmCredit.Role.choices), "company": dict(FilmCompany.Role.choices), "affiliation": {"": ""}}


def _may_record(user: Any, kind: str) -> bool:
    """The user may change the film (credits, company roles) or person (affiliations) snippet that holds the row."""
    parent = FACT_ROWS[kind][1]._meta
    return user is not None and user.has_perm(f"{parent.app_label}.change_{parent.model_name}")


def _row_filter(kind: str, subject_id: int, target_id: int, role: str, territory: str, title: str) -> Q:
    """The rows that already record this fact (territory and title compared without regard to case)."""
    _, _, subject_field, _, target_field, _ = FACT_ROWS[kind]
    condition = Q(**{f"{subject_field}_id": subject_id, f"{target_field}_id": target_id})
    if kind == "credit":
        return condition & Q(role=role)
    if kind == "company":
        return condition & Q(role=role, territory__iexact=territory)
    return condition & Q(title__iexact=title)


def _new_facts(found: list[linking.Fact], user: Any) -> list[dict[str, Any]]:
    """The proposed facts no row records yet (the strongest ``MAX_FACTS``), as the panel shows them; one query
    per kind of fact and batch of them."""
    recorded: set[tuple] = set()
    for kind, (model, _, subject_field, _, target_field, _) in FACT_ROWS.items():
        of_kind = [fact for fact in found if fact.kind == kind]
        # Batches keep each query's condition well inside SQLite's expression depth, whatever was pasted.
        for batch in (of_kind[at : at + FACT_BATCH] for at in range(0, len(of_kind), FACT_BATCH)):
            condition = Q()
            for fact in batch:
                ids = (fact.subject.entity_id, fact.target.entity_id)
                condition |= _row_filter(kind, *ids, fact.role, fact.territory, fact.title)
            for row in model.objects.filter(condition).values(subject_field, target_field, *FACT_FIELDS[kind]):
                recorded.add(
                    (kind, row[subject_field], row[target_field], row.get("role", ""))
                    + (row.get("territory", "").lower(), row.get("title", "").lower())
                )
    permitted = {kind: _may_record(user, kind) for kind in FACT_ROWS}
    fresh = [fact for fact in found if fact.key not in recorded][:MAX_FACTS]
    return [
        {
            **fact.as_dict(),
            "role_label": ROLES[fact.kind][fact.role],
            "label": fact_label(fact),
            "can_add": permitted[fact.kind],
        }
        for fact in fresh
    ]


def fact_label(fact: linking.Fact) -> str:
    """ "Robert Zemeckis — Director of Here", "Alibaba Pictures — Distributor of Real (China)",
    "Zhang Wei — President, Alibaba Pictures"."""
    subject, target = fact.subject.name, fact.target.name
    if fact.kind == "affiliation":
        return f"{subject} — {fact.title}, {target}" if fact.title else f"{subject} — {target}"
    where = f" ({fact.territory})" if fact.territory else ""
    return f"{subject} — {ROLES[fact.kind][fact.role]} of {target}{where}"


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
    return JsonResponse(suggestions_payload(text.replace("\x00", " "), selected, user=request.user))


def _posted_id(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _posted_text(request: HttpRequest, name: str) -> str:
    """White space collapsed; NUL bytes (which PostgreSQL refuses to store) are white space too."""
    return " ".join(request.POST.get(name, "").replace("\x00", " ").split())


@require_POST
def add_fact_view(request: HttpRequest) -> JsonResponse:
    """Record one suggested fact as a credit, company or affiliation row of its film or person. Adding a fact the
    database already holds answers 200 with ``created: false`` and changes nothing."""
    kind = request.POST.get("kind", "")
    if kind not in FACT_ROWS:
        return _error("Unknown kind of fact: expected credit, company or affiliation.", 400)
    model, parent_model, subject_field, subject_model, target_field, target_model = FACT_ROWS[kind]
    if not _may_record(request.user, kind):
        return _error(f"You do not have permission to change {parent_model._meta.verbose_name_plural}.", 403)
    role = request.POST.get("role", "")
    if role not in ROLES[kind]:
        return _error(f"Unknown role {role[:40]!r} for a {kind}.", 400)
    territory = _posted_text(request, "territory") if kind == "company" else ""
    title = _posted_text(request, "title") if kind == "affiliation" else ""
    subject_id, target_id = _posted_id(request, "subject"), _posted_id(request, "target")
    if subject_id is None or target_id is None:
        return _error("The fact must name its two entities by id.", 400)
    with transaction.atomic():
        # Locking the parent (PostgreSQL) makes two quick clicks from two tabs add one row, not two.
        parent_id = target_id if parent_model is target_model else subject_id
        parent = parent_model.objects.select_for_update().filter(pk=parent_id).first()
        subject = parent if subject_model is parent_model else subject_model.objects.filter(pk=subject_id).first()
        target = parent if target_model is parent_model else target_model.objects.filter(pk=target_id).first()
        if parent is None or subject is None or target is None:
            return _error("One of the fact's entities no longer exists; run the suggestions again.", 400)
        existing = model.objects.filter(_row_filter(kind, subject_id, target_id, role, territory, title)).first()
        if existing is not None:
            return JsonResponse({"id": existing.pk, "created": False, "label": str(existing)})
        fields: dict[str, Any] = {subject_field: subject, target_field: target}
        if kind == "affiliation":
            fields["title"] = title
        else:
            fields["role"] = role
        if kind == "company":
            fields["territory"] = territory
        parent_field = target_field if parent_model is target_model else subject_field
        last = model.objects.filter(**{parent_field: parent}).aggregate(last=Max("sort_order"))["last"]
        row = model(**fields, sort_order=(last or 0) + 1)
        try:
            row.full_clean()
        except ValidationError as error:
            return _error(" ".join(error.messages), 400)
        # Saving the row fires the change pipeline's relation purge (signals.purge_relation) for both its sides.
        row.save()
        log(instance=parent, action="wagtail.edit", user=request.user)
    return JsonResponse({"id": row.pk, "created": True, "label": str(row)}, status=201)


@require_POST
def add_statement_view(request: HttpRequest) -> JsonResponse:
    """Record one suggested business statement (a release, a gross, an award, a status change) through its
    finder. The finder validates the payload as its admin does and writes nothing when it is refused."""
    finder = {finder.kind: finder for finder in statements.finders()}.get(request.POST.get("kind", ""))
    if finder is None:
        return _error("Unknown kind of statement; run the suggestions again.", 400)
    if not request.user.has_perm(finder.permission):
        return _error(f"You do not have permission to add {finder.label.lower()}.", 403)
    raw = request.POST.get("payload", "")
    try:
        payload = json.loads(raw) if len(raw) < 10_000 else None
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return _error("The statement's details are missing or malformed; run the suggestions again.", 400)
    denied = _page_permission_error(request)
    if denied is not None:
        return denied
    # What dates a statement the text leaves undated: the story being edited (once saved) and its date field.
    if (page_id := _posted_id(request, "page")) is not None:
        payload.setdefault("article", page_id)
    try:
        story_date = parse_date(request.POST.get("date", "")[:10])
    except ValueError:  # well formed but no such day: the story's date field will say so itself
        story_date = None
    if story_date is not None:
        payload.setdefault("date", story_date.isoformat())
    try:
        with transaction.atomic():
            message = finder.add(payload, request.user)
    except ValidationError as error:
        return _error(" ".join(error.messages), 400)
    return JsonResponse({"message": message})


class SuggestedEntitiesPanel(Panel):
    """Lists the studios, people and films the text mentions, each one click away from the article's fields."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/suggestions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            parent = getattr(self.form, "parent_page", None)
            context.update(
                suggest_url=reverse("newsroom_suggest_entities"),
                add_fact_url=reverse("newsroom_add_fact"),
                add_statement_url=reverse("newsroom_add_statement"),
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
    return [
        path("newsroom/suggest-entities/", suggest_view, name="newsroom_suggest_entities"),
        path("newsroom/suggest-entities/add-fact/", add_fact_view, name="newsroom_add_fact"),
        path("newsroom/suggest-entities/add-statement/", add_statement_view, name="newsroom_add_statement"),
    ]

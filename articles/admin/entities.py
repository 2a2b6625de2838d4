"""Admin JSON endpoints behind the entity autocomplete: search by name or alias, and create inline.

Creating needs the model's "add" permission; for tags, which have none of their own, a curation permission.
Without "add", a studio, person or film may be proposed ("propose" permission): it is created as a proposal,
public once an editor accepts it (``permissions.entity_create_action``). Search answers which of the two the
user may do (``create``), so the widget offers only what will work.
Tag search lists only the tags the user may see (``permissions.visible_tags``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.auth import require_admin_access

from ..models import KINDS
from ..permissions import entity_create_action, visible_tags
from .widgets import entity_model

TAG_CREATORS = ("articles.rename_tags", "articles.batch_tag")
LIMIT = 20


def _label(obj) -> str:
    return str(obj)


def _create_action(request: HttpRequest, kind: str, model) -> str:
    """``"create"``, ``"propose"`` or ``""`` (neither) for a new name of this kind."""
    if kind == "tag":
        return "create" if any(request.user.has_perm(permission) for permission in TAG_CREATORS) else ""
    return entity_create_action(request.user, model)


@require_GET
def search(request: HttpRequest, kind: str) -> JsonResponse:
    if kind not in KINDS:
        return JsonResponse({"error": "Unknown kind."}, status=404)
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]
    model = entity_model(kind)
    action = _create_action(request, kind, model)
    if not query:
        return JsonResponse({"results": [], "exact": False, "create": action})
    condition = Q(name__icontains=query)
    if hasattr(model, "aliases"):
        condition |= Q(aliases__icontains=query)
    objects = visible_tags(request.user, model.objects.all()) if kind == "tag" else model.objects.all()
    matches = list(objects.filter(condition).order_by("name")[:LIMIT])
    # Names starting with the query first, then the rest alphabetically.
    matches.sort(key=lambda obj: (not obj.name.lower().startswith(query.lower()), obj.name.lower()))
    exact = any(obj.name.lower() == query.lower() for obj in matches)
    results = [{"id": obj.pk, "label": _label(obj), "proposed": getattr(obj, "is_proposed", False)} for obj in matches]
    return JsonResponse({"results": results, "exact": exact, "create": action})


@require_admin_access
@require_GET
def tag_autocomplete(request: HttpRequest, app_name: str | None = None, model_name: str | None = None) -> JsonResponse:
    """Wagtail's tag-field autocomplete (same URL, same answer), listing only the tags this user may see: a draft's
    tags stay with those who may see the draft (``permissions.visible_tags``)."""
    if (app_name or model_name) and (app_name, model_name) != ("taggit", "tag"):
        return JsonResponse({"error": "Unknown tag model."}, status=404)
    term = request.GET.get("term", "").replace("\x00", "").strip()[:100]
    if not term:
        return JsonResponse([], safe=False)
    tags = visible_tags(request.user, Tag.objects.filter(name__istartswith=term)).order_by("name")
    return JsonResponse(list(tags.values_list("name", flat=True)[:10]), safe=False)


@require_POST
def create(request: HttpRequest, kind: str) -> JsonResponse:
    if kind not in KINDS:
        return JsonResponse({"error": "Unknown kind."}, status=404)
    model = entity_model(kind)
    action = _create_action(request, kind, model)
    if not action:
        return JsonResponse({"error": f"You may not create {model._meta.verbose_name_plural}."}, status=403)
    name = " ".join(request.POST.get("name", "").split())
    existing = model.objects.filter(name__iexact=name).first() if name else None
    if existing is not None:  # an accepted one, or a proposal: never a duplicate
        proposed = getattr(existing, "is_proposed", False)
        return JsonResponse({"id": existing.pk, "label": _label(existing), "created": False, "proposed": proposed})
    obj = model(name=name)
    if action == "propose":
        obj.review_status, obj.proposed_by = model.Review.PROPOSED, request.user
    try:
        if kind == "tag":
            if not name or len(name) > 100:
                raise ValidationError("A tag needs a name of at most 100 characters.")
        else:
            obj.full_clean()
    except ValidationError as error:
        messages = error.message_dict.get("name") if hasattr(error, "error_dict") else error.messages
        return JsonResponse({"error": " ".join(messages or error.messages)}, status=400)
    obj.save()
    proposed = action == "propose"
    return JsonResponse({"id": obj.pk, "label": _label(obj), "created": True, "proposed": proposed}, status=201)


@hooks.register("register_admin_urls")
def register_entity_urls():
    return [
        path("newsroom/entities/<str:kind>/search/", search, name="newsroom_entity_search"),
        path("newsroom/entities/<str:kind>/create/", create, name="newsroom_entity_create"),
    ]

"""Proposed entities awaiting review: the dashboard panel and the editors' Accept and Reject actions.

Contributors propose studios, people and films from the suggestions panel and the autocomplete
(``admin/entities.py``); those who may change entities of a kind (Editors, Admins) accept or reject them here, and
those who may merge (``articles.merge_tags``) fold one into an existing entity through the entity merge tool.
Every action checks its permission itself and answers 403; buttons are shown only to those who may use them.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from .. import curation
from ..models import KINDS, Entity, LinkedKind
from ..permissions import can_review_proposals
from .curation import MERGE, forbidden, safe_next

PANEL_LIMIT = 50  # proposals listed per kind; more wait for the next look (the heading says how many)


def _proposal(request: HttpRequest, kind: str, pk: int) -> Entity:
    """The proposed entity, or 404 (an unknown kind, a missing row, or one accepted already)."""
    if kind not in KINDS or not KINDS.get(kind).entity:
        raise Http404("Unknown kind.")
    entity = KINDS.get(kind).model.objects.proposed().filter(pk=pk).first()
    if entity is None:
        raise Http404("No such proposal: it may have been accepted, merged or rejected already.")
    return entity


def _stories(kind: LinkedKind, ids: list[int]) -> dict[int, list[Any]]:
    """The stories linking each of these entities, by entity id, in one query."""
    links = kind.links
    rows = links.model.objects.filter(**{f"{links.column}__in": ids}).select_related(links.owner)
    found: dict[int, list[Any]] = {pk: [] for pk in ids}
    for row in rows.order_by(f"{links.owner}__title"):
        found[getattr(row, links.column)].append(getattr(row, links.owner))
    return found


class ProposalsPanel(Component):
    """ "Proposed entities awaiting review" on the dashboard, for those who may review at least one kind."""

    name = "proposed_entities"
    order = 110  # after Wagtail's workflow panels, before recent edits
    template_name = "articles/admin/proposals_panel.html"

    def __init__(self, request: HttpRequest, kinds: list[LinkedKind]) -> None:
        self.request = request
        self.kinds = kinds

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        user = self.request.user
        may_merge = user.has_perm(MERGE)
        groups, total = [], 0
        for kind in self.kinds:
            proposals = kind.model.objects.proposed().select_related("proposed_by")
            count = proposals.count()
            if not count:
                continue
            total += count
            entities = list(proposals.order_by("created_at", "pk")[:PANEL_LIMIT])
            stories = _stories(kind, [entity.pk for entity in entities])
            rows = [
                {
                    "entity": entity,
                    "stories": stories[entity.pk],
                    "accept_url": reverse("newsroom_proposal_accept", args=[kind.key, entity.pk]),
                    "reject_url": reverse("newsroom_proposal_reject", args=[kind.key, entity.pk]),
                    "merge_url": reverse("curation_entity_merge")
                    + "?"
                    + urlencode({"kind": kind.key, "source": entity.pk})
                    if may_merge
                    else "",
                    "edit_url": reverse(f"wagtailsnippets_articles_{kind.key}:edit", args=[entity.pk]),
                }
                for entity in entities
            ]
            groups.append({"kind": kind, "rows": rows, "count": count})
        # Components render without the request's context: the Accept forms need the CSRF token handed over.
        return {
            "groups": groups,
            "total": total,
            "next": reverse("wagtailadmin_home"),
            "csrf_token": get_token(self.request),
        }


@require_POST
def accept_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Accept a proposal: readers see it from now on."""
    entity = _proposal(request, kind, pk)
    if not can_review_proposals(request.user, type(entity)):
        return forbidden(request, f"accept proposed {entity._meta.verbose_name_plural}")
    result = curation.accept_entity(entity, user=request.user)
    messages.success(request, result.message)
    return redirect(safe_next(request, reverse("wagtailadmin_home")))


class RejectView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then delete a proposal and take it off the stories that link it."""

    template_name = "articles/admin/proposal_reject.html"
    page_title = "Reject a proposal"
    header_icon = "bin"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.entity = _proposal(request, kwargs["kind"], kwargs["pk"])
        if not can_review_proposals(request.user, type(self.entity)):
            return forbidden(request, f"reject proposed {self.entity._meta.verbose_name_plural}")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kind = self.entity.linked_kind
        context = super().get_context_data(**kwargs)
        context.update(
            entity=self.entity,
            stories=_stories(kind, [self.entity.pk])[self.entity.pk],
            next=safe_next(self.request, reverse("wagtailadmin_home")),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        result = curation.reject_entity(self.entity, user=request.user)
        messages.success(request, result.message)
        return redirect(safe_next(request, reverse("wagtailadmin_home")))


@hooks.register("construct_homepage_panels")
def add_proposals_panel(request: HttpRequest, panels: list[Any]) -> None:
    kinds = [kind for kind in KINDS.entities() if can_review_proposals(request.user, kind.model)]
    if kinds:
        panels.append(ProposalsPanel(request, kinds))


@hooks.register("register_admin_urls")
def register_proposal_urls():
    return [
        path("newsroom/proposals/<str:kind>/<int:pk>/accept/", accept_view, name="newsroom_proposal_accept"),
        path("newsroom/proposals/<str:kind>/<int:pk>/reject/", RejectView.as_view(), name="newsroom_proposal_reject"),
    ]


@hooks.register("register_log_actions")
def register_proposal_log_actions(actions: Any) -> None:
    @actions.register_action("newsroom.entity.accept")
    class AcceptFormatter(LogFormatter):
        label = "Accept proposal"

        def format_message(self, log_entry: Any) -> str:
            return f"Accepted the proposal “{(log_entry.data or {}).get('name', '')}”"

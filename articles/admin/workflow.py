"""Admin hooks for the editorial workflow: only Admins delete pages that readers have seen; the page chooser
leaves out other people's drafts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from ..permissions import can_delete_page, hidden_pages

REFUSAL = "Only Admins can delete a page that has been published. Unpublish it instead, or ask an Admin."


def _refuse(request: HttpRequest, page: Page) -> HttpResponse:
    messages.error(request, REFUSAL)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_delete_page")
def guard_page_delete(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Wagtail lets Editors delete live pages; we keep that to Admins."""
    if not can_delete_page(request.user, page):
        return _refuse(request, page)
    return None


@hooks.register("before_bulk_action")
def guard_bulk_page_delete(
    request: HttpRequest, action_type: str, objects: list[Any], action_class_instance: Any
) -> HttpResponse | None:
    """The same rule for the page explorer's bulk delete."""
    if action_type != "delete" or not any(issubclass(model, Page) for model in action_class_instance.models):
        return None
    refused = [page for page in objects if not can_delete_page(request.user, page)]
    if refused:
        messages.error(request, f"{REFUSAL} ({', '.join(page.title for page in refused)})")
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore_root"))
    return None


@hooks.register("construct_page_listing_buttons")
def hide_page_delete_button(buttons: list[Any], page: Page, user: Any, context: Any = None) -> None:
    """Don't offer a Delete button (in the listing or its "more" menu) that would only be refused."""
    delete_url = reverse("wagtailadmin_pages:delete", args=[page.pk])

    def keep(button: Any) -> bool:
        return not (getattr(button, "url", None) or "").startswith(delete_url)

    menus = [button for button in buttons if hasattr(button, "dropdown_buttons")]
    offered = not all(map(keep, buttons)) or any(not keep(item) for menu in menus for item in menu.dropdown_buttons)
    if offered and not can_delete_page(user, page):
        buttons[:] = [button for button in buttons if keep(button)]
        for menu in menus:
            menu.dropdown_buttons = [item for item in menu.dropdown_buttons if keep(item)]


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_in_chooser(pages: Any, request: HttpRequest) -> Any:
    """The chooser lists every page, not just explorable ones: apply the same rule as the explorer."""
    hidden = hidden_pages(request.user)
    if hidden is None:
        return pages
    # By primary key, as Wagtail filters by explorable pages: the chooser's search can filter on little else.
    return pages.filter(pk__in=Page.objects.exclude(hidden).values_list("pk", flat=True))

"""Live updates in the admin: a "Live updates" snippet listing and an editor that publishes one update at a time.

On an award night an editor opens a live page, clicks "Add live update" (a header button on the page and a
listing button in the explorer), writes a headline and a few lines, chooses the winner and the film, and
publishes: the update alone, without republishing the page (``LiveUpdate`` has Wagtail's draft state and
revisions), and readers' open pages show it at their next poll (articles.presenters.live_updates_json)."""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from ..models import KINDS, LivePage, LiveUpdate
from .widgets import EntityAutocompleteWidget


class LiveUpdateFilterSet(WagtailFilterSet):
    class Meta:
        model = LiveUpdate
        fields = ["page", "key_event", "pinned", "live"]


class LiveUpdateCreateView(CreateView):
    """Starts the update on the live page named by ``?page=<id>`` (the "Add live update" buttons)."""

    def get_initial(self):
        initial = super().get_initial()
        page_id = self.request.GET.get("page", "")
        if page_id.isdigit():
            initial["page"] = page_id
        return initial


class LiveUpdateViewSet(SnippetViewSet):
    model = LiveUpdate
    add_view_class = LiveUpdateCreateView
    icon = "time"
    menu_label = "Live updates"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["headline", "page", "key_event", "pinned", "first_published_at"]
    filterset_class = LiveUpdateFilterSet
    ordering = ["-first_published_at"]
    panels = [
        FieldPanel("page"),
        FieldPanel("headline"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("key_event"), FieldPanel("pinned")]),
        MultiFieldPanel(
            [
                *(
                    FieldPanel(kind.article_field, widget=EntityAutocompleteWidget(kind.key))
                    for kind in KINDS.entities()
                ),
                FieldPanel("tags"),
            ],
            heading="Entities & tags",
        ),
    ]


live_updates = LiveUpdateViewSet()
register_snippet(live_updates)


def add_update_url(page) -> str:
    return f"{reverse(live_updates.get_url_name('add'))}?page={page.pk}"


@hooks.register("register_page_header_buttons")
def live_page_header_button(page, user, view_name, next_url=None):
    if page.specific_class is LivePage and live_updates.permission_policy.user_has_permission(user, "add"):
        yield HeaderButton("Add live update", url=add_update_url(page), icon_name="plus", priority=5)


@hooks.register("register_page_listing_buttons")
def live_page_listing_button(page, user, next_url=None):
    if page.specific_class is LivePage and live_updates.permission_policy.user_has_permission(user, "add"):
        yield ListingButton("Add live update", url=add_update_url(page), icon_name="plus", priority=5)

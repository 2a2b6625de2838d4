"""The agency ingest queue: agency items waiting for an editor (accept, merge into a story, reject), and the
agency feeds polled into it."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser
from wagtail.log_actions import LogFormatter

from ..importing import default_topic
from ..importing.agency import AgencyItem
from ..importing.ingest import IngestError, accept, embargo_for, merge, reject
from ..models import AgencyFeed, ArticlePage, IngestItem, TopicPage

PERMISSION = "articles.import_articles"
PER_PAGE = 30


class IngestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=IngestItem.Status.choices, empty_label="Any status")
    pub_status = django_filters.ChoiceFilter(
        choices=IngestItem.PubStatus.choices, label="Agency status", empty_label="Any"
    )
    embargoed = django_filters.BooleanFilter(label="Under embargo", method="filter_embargoed")
    feed = django_filters.ModelChoiceFilter(queryset=AgencyFeed.objects.all(), empty_label="Any feed or file")

    class Meta:
        model = IngestItem
        fields = ["status", "pub_status", "feed"]

    def filter_embargoed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        under = IngestItem.objects.under_embargo().values("pk")
        return queryset.filter(pk__in=under) if value else queryset.exclude(pk__in=under)


class EmbargoColumn(Column):
    """The embargo, marked while it has not lifted."""

    def get_value(self, instance: IngestItem) -> str:
        if instance.embargo is None:
            return ""
        when = timezone.localtime(instance.embargo).strftime("%d %b %Y %H:%M")
        return f"EMBARGOED until {when}" if instance.embargoed else f"lifted {when}"


class EntitiesColumn(Column):
    def get_value(self, instance: IngestItem) -> str:
        return ", ".join(match["name"] for match in (instance.entities or {}).get("matches", [])[:6])


class QueueAccessMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class IngestIndexView(QueueAccessMixin, IndexView):
    """Agency items, newest first, filterable by status, agency status, embargo and feed."""

    model = IngestItem
    permission_policy = None
    any_permission_required = None
    index_url_name = "ingest_queue"
    index_results_url_name = "ingest_queue_results"
    page_title = "Ingest queue"
    header_icon = "download"
    search_fields = ["headline", "guid", "byline", "source"]
    filterset_class = IngestFilterSet
    default_ordering = "-received_at"
    paginate_by = PER_PAGE

    def get_base_queryset(self) -> QuerySet:
        return IngestItem.objects.select_related("feed", "article")

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("headline", label="Headline", get_url=lambda item: reverse("ingest_item", args=[item.pk])),
            Column("source", label="Source"),
            Column("version", label="Version"),
            EmbargoColumn("embargo", label="Embargo", sort_key="embargo"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda item: item.status == IngestItem.Status.QUEUED,
                sort_key="status",
            ),
            Column("pub_status", label="Agency status", accessor="get_pub_status_display"),
            EntitiesColumn("entities", label="Entities recognised"),
            DateColumn("received_at", label="Received", sort_key="received_at"),
        ]


class AcceptForm(forms.Form):
    topic = forms.ModelChoiceField(
        queryset=TopicPage.objects.order_by("path"), required=False, empty_label="The first topic"
    )


class MergeForm(forms.Form):
    story = forms.ModelChoiceField(
        queryset=ArticlePage.objects.all(),
        widget=AdminPageChooser(target_models=[ArticlePage]),
        help_text="The item's text becomes a new draft revision of this story; its headline stays.",
    )


class RejectForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False)


class IngestItemView(QueueAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """One item: what the agency sent, its embargo and status, the entities recognised, and the decisions."""

    template_name = "articles/admin/ingest_item.html"
    header_icon = "download"
    forms = {"accept": AcceptForm, "merge": MergeForm, "reject": RejectForm}

    @cached_property
    def item(self) -> IngestItem:
        return get_object_or_404(
            IngestItem.objects.select_related("feed", "article", "decided_by"), pk=self.kwargs["pk"]
        )

    def get_page_title(self) -> str:
        return self.item.headline

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("ingest_queue"), "label": "Ingest queue"},
            {"url": "", "label": self.item.headline},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        bound = kwargs.pop("bound", {})
        return super().get_context_data(
            item=self.item,
            parsed=AgencyItem.from_json(self.item.item),
            forms={name: bound.get(name) or form() for name, form in self.forms.items()},
            default_topic=default_topic(),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action not in self.forms:
            messages.error(request, "Choose accept, merge or reject.")
            return redirect("ingest_item", self.item.pk)
        form = self.forms[action](request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(bound={action: form}), status=400)
        try:
            if action == "accept":
                topic = form.cleaned_data["topic"] or default_topic()
                if topic is None or not topic.permissions_for_user(request.user).can_add_subpage():
                    raise IngestError("you cannot add articles to that topic")
                page = accept(self.item.pk, user=request.user, topic=topic)
                messages.success(request, f"Accepted: “{page.title}” is a draft.", buttons=[edit_button(page)])
            elif action == "merge":
                story = form.cleaned_data["story"]
                if not story.permissions_for_user(request.user).can_edit():
                    raise IngestError("you cannot edit that story")
                page = merge(self.item.pk, into=story, user=request.user)
                messages.success(request, f"Merged into “{page.title}” as a draft.", buttons=[edit_button(page)])
            else:
                reject(self.item.pk, user=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, f"Rejected “{self.item.headline}”.")
        except IngestError as error:
            messages.error(request, f"Nothing changed: {error}.")
            return redirect("ingest_item", self.item.pk)
        return redirect("ingest_queue")


def edit_button(page: ArticlePage) -> Any:
    return messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "Edit")


class AgencyFeedViewSet(ModelViewSet):
    """The agency feeds ``manage.py ingest --poll`` reads (run it from cron or the worker's schedule)."""

    model = AgencyFeed
    icon = "site"
    menu_label = "Agency feeds"
    menu_order = 252
    add_to_admin_menu = True
    name = "agency_feeds"
    form_fields = ["name", "url", "format", "credit", "active", "poll_minutes"]
    list_display = ["name", "format", "credit", "active", "poll_minutes", "last_polled_at", "last_status"]
    list_filter = ["format", "active"]
    search_fields = ["name", "url", "credit"]


class QueueMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_ingest_urls() -> list[Any]:
    return [
        path("ingest/", IngestIndexView.as_view(), name="ingest_queue"),
        path("ingest/results/", IngestIndexView.as_view(results_only=True), name="ingest_queue_results"),
        path("ingest/<int:pk>/", IngestItemView.as_view(), name="ingest_item"),
    ]


@hooks.register("register_admin_menu_item")
def register_ingest_menu_item() -> MenuItem:
    return QueueMenuItem("Ingest queue", reverse("ingest_queue"), icon_name="download", order=251)


@hooks.register("register_admin_viewset")
def register_agency_feeds() -> AgencyFeedViewSet:
    return AgencyFeedViewSet()


@hooks.register("before_publish_page")
def refuse_publishing_under_embargo(request: HttpRequest, page: Any) -> HttpResponse | None:
    """An article made from an embargoed agency item goes live no earlier than the embargo: publishing it with an
    earlier (or no) go-live time is refused, and the draft the editor saved is kept."""
    if not isinstance(page, ArticlePage):
        return None
    embargo = embargo_for(page)
    if embargo is None or (page.go_live_at is not None and page.go_live_at >= embargo):
        return None
    when = timezone.localtime(embargo).strftime("%d %b %Y %H:%M %Z")
    messages.error(
        request,
        f"Not published: the agency's embargo runs until {when}. Set “Go-live date/time” to {when} or later to "
        "schedule it; your changes are saved as a draft.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_log_actions")
def register_ingest_log_actions(actions: Any) -> None:
    def describe(label: str, template: str) -> type[LogFormatter]:
        class Formatter(LogFormatter):
            def format_message(self, log_entry: Any) -> str:
                data = log_entry.data or {}
                try:
                    return template.format(**{key: data.get(key, "") for key in ("guid", "source", "pub_status")})
                except (KeyError, ValueError):
                    return label

        Formatter.label = label
        return Formatter

    formats = {
        "newsroom.ingest.accept": ("Accept agency item", "Made from the agency item {guid} ({source})"),
        "newsroom.ingest.merge": ("Merge agency item", "Merged the agency item {guid} ({source}) into this story"),
        "newsroom.ingest.withdraw": (
            "Agency withdrawal",
            "The agency withdrew the item {guid} ({pub_status}); unpublished what was published from it",
        ),
    }
    for action, (label, template) in formats.items():
        actions.register_action(action)(describe(label, template))

"""The "Curation" admin area: tag manager, likely duplicates, promote, entity merge, batch tagging, job status,
curation history with undo.

Every change is shown first as a dry run (what it would change) and runs only when confirmed; each one can be
undone from the curation history for ``UNDO_DAYS`` days, after its own confirmation.

Every view checks its permission itself and answers 403 without changing anything, whatever buttons the page
showed: the tag manager and its duplicate finder list every tag, drafts' too, so they need ``articles.rename_tags``
(Editors); batch tagging needs ``articles.batch_tag``; merge, promote and delete need ``merge_tags`` /
``promote_tags`` / ``delete_tags``. Operations touching more than ``tasks.BACKGROUND_THRESHOLD`` articles run
as background jobs with a status page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView
from taggit.models import Tag
from taggit.utils import parse_tags
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.widgets.button import Button, HeaderButton, ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.models import ModelLogEntry

from .. import curation, tasks
from ..models import KINDS, UNDO_DAYS, CurationChange, Entity, story_models
from ..models.tags import tags_with_usage, unused_tags
from .widgets import EntityAutocompleteWidget

RENAME, BATCH, MERGE, PROMOTE, DELETE = (
    "articles.rename_tags",
    "articles.batch_tag",
    "articles.merge_tags",
    "articles.promote_tags",
    "articles.delete_tags",
)
PER_PAGE = 50
SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "usage": ("usage", "name"),
    "-usage": ("-usage", "name"),
    "last_used": (F("last_used").asc(nulls_first=True), "name"),
    "-last_used": (F("last_used").desc(nulls_last=True), "name"),
}
KIND_CHOICES = [(kind.key, kind.label.capitalize()) for kind in KINDS.entities()]


def forbidden(request: HttpRequest, action: str) -> HttpResponse:
    """A real 403 (Wagtail's own answer to PermissionDenied is a redirect, which scripts would take for success)."""
    return TemplateResponse(
        request,
        "articles/admin/curation/forbidden.html",
        {"page_title": "Not allowed", "header_icon": "warning", "action": action},
        status=403,
    )


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


# Who may undo a change: whoever may make it.
UNDO_PERMISSIONS = {
    "rename_tag": RENAME,
    "merge_tags": MERGE,
    "promote_tag": PROMOTE,
    "merge_entities": MERGE,
    "batch_tag": BATCH,
    "delete_unused_tags": DELETE,
}
CONFIRM = "confirm"


def can_undo(user: Any, change: CurationChange) -> bool:
    return change.can_undo and user.has_perm(UNDO_PERMISSIONS.get(change.action, MERGE))


def confirm_operation(
    request: HttpRequest, operation: str, params: dict[str, Any], *, title: str, submit_label: str, cancel_url: str
) -> HttpResponse:
    """The dry run's report and the same request again, to be sent with ``confirm`` to make the change."""
    report = tasks.execute(operation, params, user=request.user, dry_run=True)
    resend = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM)
        for value in values
    ]
    # The services report old slugs; the page shows the URLs that will redirect (an entity's, else a tag's).
    source = params.get("source")
    kind = source.linked_kind if isinstance(source, Entity) else KINDS.get("tag")
    return TemplateResponse(
        request,
        "articles/admin/curation/confirm.html",
        {
            "page_title": title,
            "header_icon": "tag",
            "report": report,
            "old_urls": [kind.url(slug) for slug in report.redirects],
            "resend": resend,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            "undo_days": UNDO_DAYS,
        },
    )


def run_operation(request: HttpRequest, operation: str, params: dict[str, Any], *, label: str, next_url: str):
    """Run inline when small, else queue a background job and show its status page."""
    if curation.articles_touched(operation, **params) > tasks.BACKGROUND_THRESHOLD:
        job_id = tasks.start(operation, params, user=request.user, label=label)
        return redirect("curation_job", job_id=job_id)
    result = tasks.execute(operation, params, user=request.user)
    messages.success(request, result.message)
    return redirect(next_url)


class CuratorRequiredMixin:
    """The permission needed to see the view at all (``None``: admin access is enough), refused with a 403."""

    permission: str | None = None
    action_label = "change tags"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.permission and not request.user.has_perm(self.permission):
            return forbidden(request, self.action_label)
        return super().dispatch(request, *args, **kwargs)


class CurationBreadcrumbsMixin:
    """Wagtail's header with breadcrumbs: Home, then the tag manager for the tag tools, then the page itself."""

    header_icon = "tag"
    under_tag_manager = True

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        parent = [{"url": reverse("curation_tags"), "label": "Tags"}] if self.under_tag_manager else []
        return [*self.breadcrumbs_items, *parent, {"url": "", "label": self.get_page_title()}]


class CurationView(CuratorRequiredMixin, CurationBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    pass


class FormCurationView(CuratorRequiredMixin, CurationBreadcrumbsMixin, WagtailAdminTemplateMixin, FormView):
    """Django's FormView in Wagtail's frame; a valid form runs ``perform`` (CurationError becomes a form error)."""

    form_class: type[forms.Form] = forms.Form
    confirm_label = "Confirm"

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            return self.perform(form)
        except curation.CurationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def perform(self, form: forms.Form) -> HttpResponse:
        """Ask for confirmation with a dry run's report, or, confirmed, make the change."""
        operation, params, label = self.operation(form)
        if CONFIRM not in self.request.POST:
            return confirm_operation(
                self.request,
                operation,
                params,
                title=f"Confirm: {label}",
                submit_label=self.confirm_label,
                cancel_url=self.next_url(),
            )
        return run_operation(self.request, operation, params, label=label, next_url=self.next_url())

    def operation(self, form: forms.Form) -> tuple[str, dict[str, Any], str]:
        """The service to run, its parameters and a label for the job."""
        raise NotImplementedError

    def next_url(self) -> str:
        return safe_next(self.request, reverse("curation_tags"))


# The tag manager.


def _plural_tags(count: int) -> str:
    return f"{count} tag{'' if count == 1 else 's'}"


class TagTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The tag's name, linking to its public page, with the row's action buttons beside it."""

    def __init__(self, *args: Any, get_buttons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.buttons_for = get_buttons

    def get_buttons(self, instance: Tag, parent_context: Any) -> list[Any]:
        return self.buttons_for(instance)


class SelectColumn(Column):
    """A checkbox per row for the selection form above the listing (tied to it by ``form=``)."""

    cell_template_name = "articles/admin/curation/tag_select_cell.html"


class TagIndexView(CuratorRequiredMixin, IndexView):
    """Every tag with its live, draft and topic usage; the starting point for rename, merge, promote, delete."""

    permission = RENAME
    action_label = "see the tag manager"
    model = Tag
    # Access is ``articles.rename_tags`` (checked above as a 403), not taggit's own model permissions.
    permission_policy = None
    any_permission_required = None
    template_name = "articles/admin/curation/tag_index.html"
    index_url_name = "curation_tags"
    index_results_url_name = "curation_tags_results"
    page_title = "Tags"
    header_icon = "tag"
    search_fields = ["name", "slug"]
    default_ordering = "name"
    paginate_by = PER_PAGE

    def get_base_queryset(self) -> QuerySet:
        return tags_with_usage().annotate(usage=F("live_count") + F("draft_count") + F("topic_count"))

    def order_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*SORTS[self.ordering])

    @cached_property
    def columns(self) -> list[Column]:
        columns = [
            TagTitleColumn(
                "name",
                label="Tag",
                sort_key="name",
                get_url=lambda tag: reverse("articles:tag", args=[tag.slug]),
                link_attrs={"target": "_blank", "rel": "noopener"},
                get_buttons=self.get_list_buttons,
            ),
            Column("live_count", label="Live articles"),
            Column("draft_count", label="Draft articles"),
            Column("topic_count", label="Topics"),
            Column("usage", label="Uses in all", sort_key="usage"),
            DateColumn("last_used", label="Last used", sort_key="last_used"),
        ]
        if self.can_select:
            columns.insert(0, SelectColumn("select", label="Select"))
        return columns

    @cached_property
    def can_select(self) -> bool:
        return self.request.user.has_perm(MERGE) or self.request.user.has_perm(DELETE)

    def get_list_more_buttons(self, instance: Tag) -> list[Any]:
        user = self.request.user
        buttons = []
        if user.has_perm(RENAME):
            buttons.append(ListingButton("Rename", reverse("curation_tag_rename", args=[instance.pk]), priority=10))
        if user.has_perm(PROMOTE):
            url = reverse("curation_tag_promote", args=[instance.pk])
            buttons.append(ListingButton("Promote to entity", url, priority=20))
        return buttons

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        buttons = [HeaderButton("Likely duplicates", reverse("curation_tag_duplicates"), icon_name="tag", priority=10)]
        if self.request.user.has_perm(DELETE):
            buttons.append(
                HeaderButton(
                    "Delete all unused tags…", reverse("curation_tag_delete_unused"), icon_name="bin", priority=20
                )
            )
        return buttons

    def recent(self) -> list[tuple[ModelLogEntry, CurationChange | None]]:
        """The last log entries of curation, each with its change when this user may still undo it."""
        entries = list(
            ModelLogEntry.objects.filter(action__startswith="newsroom.")
            .select_related("user")
            .order_by("-timestamp")[:10]
        )
        ids = {(entry.data or {}).get("change") for entry in entries}
        changes = CurationChange.objects.undoable().in_bulk([pk for pk in ids if isinstance(pk, int)])
        result = []
        for entry in entries:
            change = changes.get((entry.data or {}).get("change"))
            result.append((entry, change if change and can_undo(self.request.user, change) else None))
        return result

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            can_merge=user.has_perm(MERGE),
            can_delete=user.has_perm(DELETE),
            recent=self.recent(),
        )
        return context


class RenameForm(forms.Form):
    new_name = forms.CharField(label="New name", max_length=curation.TAG_NAME_MAX)


class TagRenameView(FormCurationView):
    template_name = "articles/admin/curation/tag_form.html"
    permission = RENAME
    action_label = "rename tags"
    form_class = RenameForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.tag = get_object_or_404(Tag, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Rename tag “{self.tag.name}”"

    def get_initial(self) -> dict[str, Any]:
        return {"new_name": self.tag.name}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            tag=self.tag,
            submit_label="Rename",
            help="The tag's URL follows the new name; the old URL keeps working and redirects to the new one.",
        )
        return context

    confirm_label = "Rename"

    def operation(self, form: forms.Form) -> tuple[str, dict[str, Any], str]:
        new_name = form.cleaned_data["new_name"]
        curation.check_rename(self.tag, new_name=new_name)
        return "rename_tag", {"tag": self.tag, "new_name": new_name}, f"Renaming “{self.tag.name}”"


class MergeTagsForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.order_by("name"), widget=forms.CheckboxSelectMultiple, label="Merge these tags"
    )
    into = forms.ModelChoiceField(queryset=Tag.objects.all(), required=False, widget=forms.RadioSelect, label="Into")
    into_name = forms.CharField(
        required=False,
        max_length=curation.TAG_NAME_MAX,
        label="…or into this tag",
        help_text="An existing tag's name (in any case) or a new one.",
    )

    def __init__(self, *args: Any, choices: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["sources"].queryset = choices
            self.fields["into"].queryset = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("into") and not data.get("into_name", "").strip():
            raise forms.ValidationError("Choose the tag to merge into, or type its name.")
        return data


class TagMergeView(FormCurationView):
    template_name = "articles/admin/curation/tag_merge.html"
    permission = MERGE
    action_label = "merge tags"
    form_class = MergeTagsForm
    page_title = "Merge tags"

    def selected(self) -> QuerySet:
        ids = [pk for pk in self.request.GET.getlist("id") if pk.isdigit()]
        return tags_with_usage(Tag.objects.filter(pk__in=ids)).order_by("name")

    def get_form_kwargs(self) -> dict[str, Any]:
        # On GET only the chosen tags are offered; a POST may name any tag.
        kwargs = super().get_form_kwargs()
        return {**kwargs, "choices": self.selected()} if self.request.method == "GET" else kwargs

    def get_initial(self) -> dict[str, Any]:
        selected = list(self.selected()) if self.request.method == "GET" else []
        most_used = max(selected, key=lambda tag: tag.live_count + tag.draft_count + tag.topic_count, default=None)
        return {"sources": [tag.pk for tag in selected], "into": most_used.pk if most_used else None}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["selected"] = list(self.selected())
        context["next"] = safe_next(self.request, reverse("curation_tags"))
        return context

    confirm_label = "Merge"

    def operation(self, form: forms.Form) -> tuple[str, dict[str, Any], str]:
        data = form.cleaned_data
        into = data["into"] or data["into_name"].strip()
        sources = list(data["sources"])
        return "merge_tags", {"sources": sources, "into": into}, f"Merging {_plural_tags(len(sources))}"


class TagDeleteUnusedView(CurationView):
    template_name = "articles/admin/curation/tag_delete.html"
    permission = DELETE
    action_label = "delete tags"
    page_title = "Delete unused tags"

    def candidates(self, source: Any) -> QuerySet:
        ids = [pk for pk in source.getlist("id") if pk.isdigit()]
        tags = unused_tags(Tag.objects.filter(pk__in=ids)) if ids else unused_tags()
        return tags.exclude(pk__in=curation.draft_tag_ids()).order_by("name")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tags"] = list(self.candidates(self.request.GET))
        context["chosen"] = bool(self.request.GET.getlist("id"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ids = [pk for pk in request.POST.getlist("id") if pk.isdigit()]
        chosen = list(Tag.objects.filter(pk__in=ids)) if ids else None
        result = curation.delete_unused_tags(tags=chosen, user=request.user)
        messages.success(request, result.message)
        return redirect("curation_tags")


class TagDuplicatesView(CurationView):
    permission = RENAME
    action_label = "see the tag manager"
    template_name = "articles/admin/curation/tag_duplicates.html"
    page_title = "Likely duplicate tags"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["groups"] = curation.likely_duplicate_tags()
        context["can_merge"] = self.request.user.has_perm(MERGE)
        return context


def _entity_choosers(label: str = "") -> dict[str, forms.Field]:
    """A chooser field per entity kind, named by its key ("existing" choosers) or article field (batch tagging)."""
    return {
        (kind.key if label else kind.article_field): forms.ModelMultipleChoiceField(
            kind.model.objects.all(),
            required=False,
            widget=EntityAutocompleteWidget(kind.key),
            **({"label": f"{label} {kind.label}"} if label else {}),
        )
        for kind in KINDS.entities()
    }


class PromoteForm(forms.Form):
    kind = forms.ChoiceField(choices=KIND_CHOICES, widget=forms.RadioSelect, label="Promote to a")
    name = forms.CharField(
        required=False, max_length=255, label="…or a new one named", help_text="Left blank: the tag's name."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_entity_choosers("Existing"))
        self.order_fields(["kind", *(kind.key for kind in KINDS.entities()), "name"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        chosen = list(data.get(kind) or [])
        if len(chosen) > 1:
            self.add_error(kind, "Choose one existing entity, or none to create a new one.")
        data["entity"] = chosen[0] if chosen else None
        return data


class TagPromoteView(FormCurationView):
    template_name = "articles/admin/curation/tag_form.html"
    permission = PROMOTE
    action_label = "promote tags"
    form_class = PromoteForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.tag = get_object_or_404(Tag, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Promote tag “{self.tag.name}” to an entity"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            tag=self.tag,
            submit_label="Promote",
            help="Every article tagged with it links the entity instead, topic rules follow, the tag's URL "
            "redirects to the entity's page and the tag is deleted.",
        )
        return context

    confirm_label = "Promote"

    def operation(self, form: forms.Form) -> tuple[str, dict[str, Any], str]:
        data = form.cleaned_data
        params = {"tag": self.tag, "kind": data["kind"], "entity": data["entity"], "name": data["name"] or None}
        return "promote_tag", params, f"Promoting “{self.tag.name}”"


# Entities.


class EntityMergeForm(forms.Form):
    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = KINDS.entity_models()[kind]
        name = model._meta.verbose_name
        self.fields["source"] = forms.ModelMultipleChoiceField(
            model.objects.all(),
            widget=EntityAutocompleteWidget(kind),
            label=f"Merge this {name}",
            help_text="It is deleted; its name and aliases become aliases of the one it is merged into.",
        )
        self.fields["target"] = forms.ModelMultipleChoiceField(
            model.objects.all(), widget=EntityAutocompleteWidget(kind), label=f"Into this {name}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("source", "target"):
            chosen = list(data.get(name) or [])
            if len(chosen) > 1:
                self.add_error(name, "Choose exactly one.")
            data[name] = chosen[0] if len(chosen) == 1 else None
        if data.get("source") and data.get("target"):
            try:
                curation.check_entity_merge(data["source"], into=data["target"])
            except curation.CurationError as error:
                raise forms.ValidationError(str(error)) from error
        return data


class EntityMergeView(FormCurationView):
    template_name = "articles/admin/curation/entity_merge.html"
    permission = MERGE
    action_label = "merge entities"
    page_title = "Merge entities"
    header_icon = "resubmit"
    under_tag_manager = False
    form_class = EntityMergeForm

    @property
    def kind(self) -> str:
        kind = self.request.POST.get("kind") or self.request.GET.get("kind") or "person"
        return kind if kind in KINDS.entity_models() else "person"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "kind": self.kind}

    def get_initial(self) -> dict[str, Any]:
        source = self.request.GET.get("source", "")
        return {"source": [int(source)]} if source.isdigit() else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(kind=self.kind, kinds=KIND_CHOICES)
        return context

    confirm_label = "Merge"

    def operation(self, form: forms.Form) -> tuple[str, dict[str, Any], str]:
        source, target = form.cleaned_data["source"], form.cleaned_data["target"]
        return "merge_entities", {"source": source, "into": target}, f"Merging “{source}” into “{target}”"

    def next_url(self) -> str:
        return reverse(f"wagtailsnippets_articles_{self.kind}:list")


# Background jobs.


class JobView(CurationView):
    template_name = "articles/admin/curation/job.html"
    page_title = "Curation job"
    header_icon = "time"
    under_tag_manager = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        status = _own_job(request, kwargs["job_id"])
        return self.render_to_response(self.get_context_data(status=status, job_id=kwargs["job_id"]))


def _own_job(request: HttpRequest, job_id: str) -> dict[str, Any]:
    status = tasks.job_status(job_id)
    if status is None or (status.get("user_id") != request.user.pk and not request.user.is_superuser):
        raise Http404("No such job.")
    return status


def job_status_json(request: HttpRequest, job_id: str) -> JsonResponse:
    """The job's progress for the status page's polling script."""
    try:
        status = _own_job(request, job_id)
    except Http404:
        return JsonResponse({"state": "unknown", "error": "No such job."}, status=404)
    keys = ("state", "label", "done", "total", "summary", "error", "target_url")
    return JsonResponse({key: status.get(key) for key in keys})


# Curation history and undo.


class HistoryView(CurationView):
    """Every curation change, newest first, with an "Undo…" button while it can be undone."""

    permission = RENAME
    action_label = "see the curation history"
    template_name = "articles/admin/curation/history.html"
    page_title = "Curation history"
    header_icon = "history"
    under_tag_manager = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(CurationChange.objects.select_related("user", "undone_by"), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        context.update(
            changes=[(change, can_undo(self.request.user, change)) for change in page],
            page_obj=page,
            undo_days=UNDO_DAYS,
        )
        return context


class UndoView(CurationView):
    """The dry run of an undo (GET) and the undo itself (POST); a conflict or an expired change is a 409."""

    template_name = "articles/admin/curation/undo.html"
    header_icon = "rotate"
    under_tag_manager = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.change = get_object_or_404(CurationChange, pk=kwargs["pk"])
        if not request.user.has_perm(UNDO_PERMISSIONS.get(self.change.action, MERGE)):
            return forbidden(request, "undo this change")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return "Undo a curation change"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        history = {"url": reverse("curation_history"), "label": "Curation history"}
        return [*self.breadcrumbs_items, history, {"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            report = curation.undo_change(self.change, user=request.user, dry_run=True)
        except curation.CurationError as error:
            return self.render_to_response(self.get_context_data(change=self.change, error=str(error)), status=409)
        return self.render_to_response(self.get_context_data(change=self.change, report=report))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            result = curation.undo_change(self.change, user=request.user)
        except curation.CurationError as error:
            return self.render_to_response(self.get_context_data(change=self.change, error=str(error)), status=409)
        messages.success(request, result.message)
        return redirect("curation_history")


# Batch tagging from the page listing.


class BatchTagForm(forms.Form):
    operation = forms.ChoiceField(
        choices=[("add", "Add to the selected articles"), ("remove", "Remove from the selected articles")],
        widget=forms.RadioSelect,
        initial="add",
    )
    tags = forms.CharField(required=False, help_text="Tag names separated by commas.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_entity_choosers())

    def clean_tags(self) -> list[str]:
        names = parse_tags(self.cleaned_data.get("tags", ""))
        try:
            return [curation.clean_tag_name(name) for name in names]
        except curation.CurationError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        items: list[Any] = [*data.get("tags", [])]
        for kind in KINDS.entities():
            items += list(data.get(kind.article_field, []))
        if not items and not self.errors:
            raise forms.ValidationError("Choose at least one tag, studio, person or film.")
        data["items"] = items
        return data


class BatchTagBulkAction(PageBulkAction):
    display_name = "Tag and link"
    action_type = "batch_tag"
    aria_label = "Add or remove tags and entities on the selected articles"
    template_name = "articles/admin/curation/batch_tag.html"
    action_priority = 80
    form_class = BatchTagForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(BATCH):
            return forbidden(request, "tag articles in bulk")
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, page: Any) -> bool:
        return page.specific_class in story_models() and page.permissions_for_user(self.request.user).can_edit()

    def form_valid(self, form: BatchTagForm) -> HttpResponse:
        pages, _ = self.get_actionable_objects()
        if not pages:
            messages.error(self.request, "None of the selected pages is an article you can edit.")
            return redirect(self.next_url)
        items = form.cleaned_data["items"]
        side = "add" if form.cleaned_data["operation"] == "add" else "remove"
        params, label = {"pages": pages, side: items}, f"Tagging {len(pages)} articles"
        try:
            if CONFIRM not in self.request.POST:
                return confirm_operation(
                    self.request,
                    "batch_tag",
                    params,
                    title=f"Confirm: {label}",
                    submit_label="Apply",
                    cancel_url=self.next_url,
                )
            return run_operation(self.request, "batch_tag", params, label=label, next_url=self.next_url)
        except curation.CurationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)

    @classmethod
    def execute_action(cls, objects: Any, **kwargs: Any) -> tuple[int, int]:
        result = curation.batch_tag(objects, **kwargs)
        return result.articles, 0


# Registration.


hooks.register("register_bulk_action", BatchTagBulkAction)


@hooks.register("register_admin_urls")
def register_curation_urls() -> list[Any]:
    return [
        path("curation/tags/", TagIndexView.as_view(), name="curation_tags"),
        path("curation/tags/results/", TagIndexView.as_view(results_only=True), name="curation_tags_results"),
        path("curation/tags/duplicates/", TagDuplicatesView.as_view(), name="curation_tag_duplicates"),
        path("curation/tags/merge/", TagMergeView.as_view(), name="curation_tag_merge"),
        path("curation/tags/delete-unused/", TagDeleteUnusedView.as_view(), name="curation_tag_delete_unused"),
        path("curation/tags/<int:pk>/rename/", TagRenameView.as_view(), name="curation_tag_rename"),
        path("curation/tags/<int:pk>/promote/", TagPromoteView.as_view(), name="curation_tag_promote"),
        path("curation/entities/merge/", EntityMergeView.as_view(), name="curation_entity_merge"),
        path("curation/history/", HistoryView.as_view(), name="curation_history"),
        path("curation/history/<int:pk>/undo/", UndoView.as_view(), name="curation_undo"),
        path("curation/jobs/<slug:job_id>/", JobView.as_view(), name="curation_job"),
        path("curation/jobs/<slug:job_id>/status/", job_status_json, name="curation_job_status"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: Any, permission: str | None = None, **kwargs: Any) -> None:
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request: HttpRequest) -> bool:
        return self.permission is None or request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_curation_menu() -> SubmenuMenuItem:
    items = [
        PermissionMenuItem("Tags", reverse("curation_tags"), icon_name="tag", order=100, permission=RENAME),
        PermissionMenuItem(
            "Likely duplicate tags", reverse("curation_tag_duplicates"), icon_name="tag", order=200, permission=RENAME
        ),
        PermissionMenuItem(
            "Merge entities", reverse("curation_entity_merge"), icon_name="resubmit", order=300, permission=MERGE
        ),
        PermissionMenuItem(
            "Curation history", reverse("curation_history"), icon_name="history", order=400, permission=RENAME
        ),
    ]
    return SubmenuMenuItem("Curation", Menu(items=items), icon_name="tag", name="curation", order=160)


@hooks.register("register_snippet_listing_buttons")
def entity_merge_button(instance: Any, user: Any, next_url: str | None = None) -> list[Button]:
    """ "Merge into another…" on each studio, person and film in the entity listings."""
    if not isinstance(instance, Entity) or not user.has_perm(MERGE):
        return []
    url = reverse("curation_entity_merge") + f"?kind={instance.entity_type}&source={instance.pk}"
    return [Button("Merge into another…", url, icon_name="resubmit", priority=60)]


@hooks.register("register_log_actions")
def register_curation_log_actions(actions: Any) -> None:
    def describe(template: str) -> Any:
        class Formatter(LogFormatter):
            label = template.split(":")[0]

            def format_message(self, log_entry: Any) -> str:
                data = log_entry.data or {}
                try:
                    return (
                        template.split(":", 1)[1]
                        .strip()
                        .format(**{k: ", ".join(v) if isinstance(v, list) else v for k, v in data.items()})
                    )
                except (KeyError, IndexError, ValueError):
                    return self.label

            def format_comment(self, log_entry: Any) -> str:
                return ""

        return Formatter

    formats = {
        "newsroom.tag.rename": "Rename tag: Renamed tag “{old_name}” to “{new_name}” ({articles} articles)",
        "newsroom.tag.merge": "Merge tags: Merged {sources} into “{into}” ({articles} articles, {topics} topics)",
        "newsroom.tag.delete": "Delete unused tag: Deleted unused tag “{name}”",
        "newsroom.tag.promote": "Promote tag: Promoted tag “{tag}” to the {kind} “{entity}” ({articles} articles)",
        "newsroom.entity.merge": "Merge entities: Merged the {kind} “{source}” into “{into}” ({articles} articles)",
        "newsroom.batch_tag": "Batch tagging: Added [{added}], removed [{removed}] on {articles} articles",
        "newsroom.undo": "Undo curation: Undid “{summary}” ({articles} articles)",
    }
    for action, template in formats.items():
        actions.register_action(action)(describe(template))

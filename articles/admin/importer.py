"""The "Import stories" admin page: upload news item files and see the same report as import_articles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..importing import MAX_FILE_BYTES, ImportReport, MalformedFile, import_sources
from ..models import TopicPage
from .duplicates import visible_to

PERMISSION = "articles.import_articles"
MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; empty files pass through so the report can name them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.text,.md,.html,.htm,.json"}))
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        help_text=f"Plain text (.txt), HTML (.html) or JSON (.json) news items; up to {MAX_FILES} files of at most "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB each."
    )
    topic = forms.ModelChoiceField(
        queryset=TopicPage.objects.order_by("path"),
        required=False,
        empty_label="The first topic",
        help_text="Where the new articles go.",
    )
    dry_run = forms.BooleanField(
        required=False, label="Dry run", help_text="Show what would be imported without saving anything."
    )
    publish = forms.BooleanField(
        required=False, label="Publish", help_text="Make the articles live at once instead of saving drafts."
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_files(self) -> list[UploadedFile]:
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} files at a time.")
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        topic = data.get("topic") or TopicPage.objects.order_by("path").first()
        if topic is None:
            raise forms.ValidationError("There is no topic page to import into yet. Create one first.")
        permissions = topic.permissions_for_user(self.user)
        if not permissions.can_add_subpage():
            self.add_error("topic", f"You cannot add articles to “{topic.title}”.")
        elif data.get("publish") and not permissions.can_publish_subpage():
            self.add_error("publish", f"You cannot publish articles in “{topic.title}”; import them as drafts.")
        data["topic"] = topic
        return data


def _read(upload: UploadedFile) -> bytes | MalformedFile:
    # Checked before reading, so an oversized upload is never pulled into memory.
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        return MalformedFile(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return upload.read()


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Upload files; the page answers with the import report and a fresh form."""

    template_name = "articles/admin/import.html"
    page_title = "Import stories"
    header_icon = "upload"
    form_class = ImportForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        # Without its own item the slim header is titled "Home", the last of Wagtail's default breadcrumbs.
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: ImportForm) -> HttpResponse:
        data = form.cleaned_data
        report: ImportReport = import_sources(
            ((upload.name, _read(upload)) for upload in data["files"]),
            topic=data["topic"],
            publish=data["publish"] and not data["dry_run"],
            dry_run=data["dry_run"],
            user=self.request.user,
        )
        for item in report.items:
            item.duplicates = visible_to(self.request.user, item.duplicates)
        context = self.get_context_data(form=self.form_class(user=self.request.user), report=report)
        return self.render_to_response(context)


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_import_urls() -> list[Any]:
    return [path("import-stories/", ImportView.as_view(), name="articles_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem("Import stories", reverse("articles_import"), icon_name="upload", order=250)

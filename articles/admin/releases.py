"""The "Import releases" admin page: upload a CSV file of release dates, check it (dry run) and import it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..importing.releases import COLUMNS, MAX_BYTES, import_releases

PERMISSION = "articles.add_release"


class ReleaseImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=f"Columns: {', '.join(COLUMNS)}. A header row names them; film, territory, type and date are "
        f"required. At most {MAX_BYTES // (1024 * 1024)} MB.",
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run", help_text="Check the file and show what would be imported."
    )


class ReleaseImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a file; the page answers with the report (bad rows, or what was or would be imported)."""

    template_name = "articles/admin/import_releases.html"
    page_title = "Import releases"
    header_icon = "upload"
    form_class = ReleaseImportForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def form_valid(self, form: ReleaseImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            form.add_error("file", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
            return self.form_invalid(form)
        report = import_releases(upload.read(), dry_run=form.cleaned_data["dry_run"])
        context = self.get_context_data(form=self.form_class(), report=report)
        return self.render_to_response(context, status=422 if report.failed else 200)


class ReleaseImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_release_import_urls() -> list[Any]:
    return [path("import-releases/", ReleaseImportView.as_view(), name="articles_import_releases")]


@hooks.register("register_admin_menu_item")
def register_release_import_menu_item() -> MenuItem:
    return ReleaseImportMenuItem("Import releases", reverse("articles_import_releases"), icon_name="date", order=260)

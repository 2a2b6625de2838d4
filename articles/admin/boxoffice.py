"""Box office in the admin: grosses and exchange rates as snippets (list, filters, add, edit, delete) and the
"Import box office" page, which runs the CSV import (``articles.importing.boxoffice``) with the same report as
``manage.py import_box_office``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..importing.boxoffice import MAX_BYTES, BadFile, import_box_office
from ..models import ExchangeRate, Gross, territories

PERMISSION = "articles.add_gross"


class GrossViewSet(SnippetViewSet):
    model = Gross
    icon = "table"
    menu_label = "Grosses"
    list_display = ["film", "territory", "period", "date", "amount", "currency", "rank"]
    list_filter = ["period", "territory", "date"]
    search_fields = ["film__name"]
    ordering = ["-date", "territory", "rank"]
    panels = [
        FieldPanel("film"),
        FieldRowPanel(
            [
                FieldPanel("territory", widget=forms.Select(choices=[("", "---------"), *territories.choices()])),
                FieldPanel("period"),
                FieldPanel("date", widget=AdminDateInput),
            ]
        ),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("currency"), FieldPanel("rank"), FieldPanel("theatres")]),
        MultiFieldPanel([FieldPanel("source_name"), FieldPanel("source_url")], heading="Source"),
    ]


class ExchangeRateViewSet(SnippetViewSet):
    model = ExchangeRate
    icon = "resubmit"
    menu_label = "Exchange rates"
    list_display = ["currency", "date", "usd_rate", "source"]
    list_filter = ["currency"]
    ordering = ["currency", "-date"]
    panels = [FieldPanel("currency"), FieldPanel("date", widget=AdminDateInput), FieldPanel("usd_rate"), "source"]


class BoxOfficeViewSetGroup(SnippetViewSetGroup):
    items = (GrossViewSet, ExchangeRateViewSet)
    menu_icon = "table"
    menu_label = "Box office"
    menu_name = "box-office"
    menu_order = 210


register_snippet(BoxOfficeViewSetGroup)


class ImportBoxOfficeForm(forms.Form):
    file = forms.FileField(
        help_text=f"A CSV file (UTF-8) of at most {MAX_BYTES // (1024 * 1024)} MB: grosses with the columns film, "
        "territory, period, date, amount (and optionally currency, rank, theatres, source, source_url), or exchange "
        "rates with currency, date, usd_rate (and source)."
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run", help_text="Check every row and report; save nothing."
    )


class ImportBoxOfficeView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV; the page answers with the report (each bad row, or what was or would be imported)."""

    template_name = "articles/admin/import_box_office.html"
    page_title = "Import box office"
    header_icon = "upload"
    form_class = ImportBoxOfficeForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def form_valid(self, form: ImportBoxOfficeForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            form.add_error("file", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
            return self.form_invalid(form)
        try:
            report = import_box_office(upload.read(), dry_run=form.cleaned_data["dry_run"])
        except BadFile as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        response = self.render_to_response(self.get_context_data(form=self.form_class(), report=report))
        if not report.ok:
            response.status_code = 400
        return response


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_import_urls() -> list[Any]:
    return [path("import-box-office/", ImportBoxOfficeView.as_view(), name="articles_import_box_office")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem("Import box office", reverse("articles_import_box_office"), icon_name="upload", order=251)

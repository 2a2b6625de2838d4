"""Awards in the admin: ceremonies (with their categories inline) and editions (with their nominations inline,
entities picked with the snippet choosers). An edition's rows are checked together before anything is saved."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import AwardCategory, AwardCeremony, AwardEdition, AwardNomination
from ..models.awards import HONOURED_KINDS

ROW_FIELDS = ("category", "won", *HONOURED_KINDS, "note")


class AwardEditionForm(WagtailAdminModelForm):
    """Checks the nominations as one list: each row against the edition as edited (its ceremony, its year), then
    duplicates and second winners; any error leaves everything unsaved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.formsets["nominations"].form.base_fields["category"]
        field.queryset = AwardCategory.objects.select_related("ceremony").order_by("ceremony__name", "sort_order")
        field.label_from_instance = lambda category: f"{category.ceremony.name}: {category.name}"

    def clean(self):
        cleaned = super().clean()
        ceremony, year = cleaned.get("ceremony"), cleaned.get("year")
        formset = self.formsets["nominations"]
        if ceremony is None or not formset.is_valid():
            return cleaned
        edition = AwardEdition(pk=self.instance.pk, ceremony=ceremony, year=year, number=cleaned.get("number"))
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("category"):
                continue
            row = AwardNomination(edition=edition, **{name: data.get(name) for name in ROW_FIELDS})
            try:
                row.clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, messages)
                continue
            rows.append(row)
        try:
            edition.check_nominations(rows)
        except ValidationError as error:
            self.add_error(None, error)
        if any(form.errors for form in formset.forms):
            self.add_error(None, "Some nominations need correcting; nothing was saved.")
        return cleaned


class AwardCeremonyViewSet(SnippetViewSet):
    model = AwardCeremony
    icon = "pick"
    menu_label = "Ceremonies"
    list_display = ["name", "kind", "organizer", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    copy_view_enabled = False
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("slug"), FieldPanel("kind")]),
                    FieldPanel("aliases"),
                    FieldPanel("organizer"),
                    FieldPanel("summary"),
                    FieldPanel("website"),
                ],
                heading="Ceremony",
            ),
            ObjectList([InlinePanel("categories", heading="Categories", label="Category")], heading="Categories"),
        ]
    )


class AwardEditionViewSet(SnippetViewSet):
    model = AwardEdition
    icon = "date"
    menu_label = "Editions"
    list_display = ["title", "year", "date", "place", "updated_at"]
    list_filter = ["ceremony", "year"]
    copy_view_enabled = False
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("ceremony"),
                    FieldRowPanel([FieldPanel("number"), FieldPanel("year")]),
                    FieldRowPanel([FieldPanel("date"), FieldPanel("end_date")]),
                    FieldPanel("place"),
                ],
                heading="Edition",
            ),
            ObjectList(
                [
                    InlinePanel(
                        "nominations",
                        heading="Nominations and wins",
                        label="Nomination",
                        panels=[
                            FieldRowPanel([FieldPanel("category"), FieldPanel("won")]),
                            MultiFieldPanel(
                                [FieldPanel(name) for name in HONOURED_KINDS],
                                heading="Who or what: the one the category honours, and for a person or studio "
                                "optionally the film or series it is for",
                            ),
                            FieldPanel("note"),
                        ],
                    )
                ],
                heading="Nominations",
            ),
        ],
        base_form_class=AwardEditionForm,
    )

    def get_queryset(self, request):
        return AwardEdition.objects.select_related("ceremony")


class AwardsViewSetGroup(SnippetViewSetGroup):
    items = (AwardCeremonyViewSet, AwardEditionViewSet)
    menu_icon = "pick"
    menu_label = "Awards"
    menu_name = "awards"
    menu_order = 160


register_snippet(AwardsViewSetGroup)

"""The near-duplicate warning at the top of a draft story's editor, linking to the stories it may repeat."""

from __future__ import annotations

from functools import cached_property

from wagtail.admin.panels import Panel

from ..importing.duplicates import Duplicate, Probe, find_duplicates
from ..models import ArticlePage


class DuplicateWarningPanel(Panel):
    """Shown only on a draft close to another story (same source URL, near-identical text, or shared entities and
    a similar headline, whenever it ran: a draft's date is not yet when it ran)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/duplicate_warning.html"

        @cached_property
        def duplicates(self) -> list[Duplicate]:
            page = self.instance
            if not isinstance(page, ArticlePage) or page.pk is None or page.live:
                return []
            return find_duplicates([Probe.for_page(page)])[0]

        def is_shown(self) -> bool:
            return bool(self.duplicates) and super().is_shown()

        def get_context_data(self, parent_context=None):
            return {**super().get_context_data(parent_context), "duplicates": self.duplicates}

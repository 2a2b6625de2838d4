"""The near-duplicate warning at the top of a draft story's editor, linking to the stories it may repeat."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from wagtail.admin.panels import Panel

from ..importing.duplicates import Duplicate, Probe, find_duplicates
from ..models import ArticlePage


def visible_to(user: Any, duplicates: list[Duplicate]) -> list[Duplicate]:
    """The duplicates this user may know about: live stories, and drafts they can edit (a contributor does not
    learn the titles of other people's drafts)."""
    drafts = {duplicate.page_id for duplicate in duplicates if not duplicate.live}
    editable = {
        page.pk for page in ArticlePage.objects.filter(pk__in=drafts) if page.permissions_for_user(user).can_edit()
    }
    return [duplicate for duplicate in duplicates if duplicate.live or duplicate.page_id in editable]


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
            return visible_to(self.request.user, find_duplicates([Probe.for_page(page)])[0])

        def is_shown(self) -> bool:
            return bool(self.duplicates) and super().is_shown()

        def get_context_data(self, parent_context=None):
            return {**super().get_context_data(parent_context), "duplicates": self.duplicates}

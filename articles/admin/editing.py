"""The page and snippet editors: keep a ping that crossed the tab's own autosave from raising a false conflict."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def editing_sessions_js() -> str:
    return format_html('<script src="{}"></script>', static("articles/admin/editing-sessions.js"))

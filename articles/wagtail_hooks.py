"""Wagtail discovers this module; each admin area registers its hooks in its own module under articles/admin/."""

from .admin import (
    importer,  # noqa: F401 - the "Import stories" page
    workflow,  # noqa: F401 - deletion rules of the editorial workflow
)

"""Wagtail discovers this module; each admin area registers its hooks in its own module under articles/admin/."""

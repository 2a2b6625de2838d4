"""Wagtail admin for Newsroom, one module per area; articles/wagtail_hooks.py imports each."""

"""The film and TV business database's public pages: releases, box office, awards, the slate and reviews.

Each module serves one kind of linked fact: its list pages and feeds (wired in ``articles/urls.py``), the sections
it adds to entity pages (``articles.sections``) and its sitemap entries. Its models live in ``articles/models/``
and are declared in the relation registry (``articles.models.relations``), so the change pipeline purges what
shows them and entity merges move them.
"""

"""Finding tags that are probably one tag spelled differently."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import QuerySet
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from taggit.models import Tag

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def tag_key(name: str) -> str:
    """What two spellings of one tag share: no case, accents, punctuation, spaces or plural ending."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = [word for word in re.split(r"[^0-9a-z]+", text) if word]
    if words:
        words[-1] = _singular(words[-1])
    return _NOT_ALNUM.sub("", "".join(words))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _max_edits(key: str) -> int:
    """Typos allowed between two keys: none for short words (Marvel is not Marcel), more for longer names."""
    return 0 if len(key) < 7 else 1 if len(key) < 12 else 2


def likely_duplicate_tags(queryset: QuerySet | None = None) -> list[list[Tag]]:
    """Groups of tags that are probably one tag spelled differently, the most used first in each group."""
    from ..models.tags import tags_with_usage

    tags = list(tags_with_usage(queryset))
    by_key: dict[str, list[Tag]] = {}
    for tag in tags:
        by_key.setdefault(tag_key(tag.name), []).append(tag)
    keys = [key for key in by_key if key]
    parent = {key: key for key in keys}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    # Near spellings: compared within blocks of the same first letter, so the work stays far from n².
    blocks: dict[str, list[str]] = {}
    for key in keys:
        blocks.setdefault(key[0], []).append(key)
    for block in blocks.values():
        for key in block:
            limit = _max_edits(key)
            if not limit:
                continue
            for other, distance, _ in process.extract(
                key, block, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None
            ):
                if other != key and distance <= min(limit, _max_edits(other) or 0):
                    parent[find(other)] = find(key)
    groups: dict[str, list[Tag]] = {}
    for key in keys:
        groups.setdefault(find(key), []).extend(by_key[key])
    found = [
        sorted(group, key=lambda tag: (-(tag.live_count + tag.draft_count + tag.topic_count), tag.name))
        for group in groups.values()
        if len(group) > 1
    ]
    return sorted(found, key=lambda group: group[0].name.casefold())

"""Curation services: rename, merge, promote and clean up tags; merge entities; tag many articles at once.

Every service is keyword-only, atomic, writes audit log entries (who, what, how many articles) and returns a
``CurationResult``. With ``dry_run=True`` the work is done inside a transaction that is then rolled back, so the
report is exactly what a real run would do and nothing changes. Bad input raises ``CurationError`` with a
message meant for the person who asked.

Articles and topics keep their links in two places: the live tables and the JSON of every stored page revision
(drafts, history, compare, revert). Merges and promotions rewrite both, so old revisions never point at a row
that no longer exists.
"""

from .base import TAG_NAME_MAX, CurationError, CurationResult, Progress
from .batch import articles_touched, batch_tag
from .duplicates import likely_duplicate_tags, tag_key
from .entities import check_entity_merge, merge_entities
from .proposals import accept_entity, reject_entity
from .tags import check_rename, clean_tag_name, delete_unused_tags, draft_tag_ids, merge_tags, promote_tag, rename_tag
from .undo import check_undo, undo_change

__all__ = [
    "TAG_NAME_MAX",
    "CurationError",
    "CurationResult",
    "Progress",
    "accept_entity",
    "articles_touched",
    "batch_tag",
    "check_entity_merge",
    "check_rename",
    "check_undo",
    "clean_tag_name",
    "delete_unused_tags",
    "draft_tag_ids",
    "likely_duplicate_tags",
    "merge_entities",
    "merge_tags",
    "promote_tag",
    "reject_entity",
    "rename_tag",
    "tag_key",
    "undo_change",
]

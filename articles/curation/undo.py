"""Undoing a curation change from its journal, within ``UNDO_DAYS`` days.

The journal is played backwards: rows the change created are deleted, rows it deleted come back with their
primary keys (stored revisions name tags and entities by id), updated rows and rewritten revisions get their old
values. Later changes are left alone: link rows of an article or topic edited since stay as the editor left them,
and anything else changed since (a tag renamed again, a slug taken, a revision rewritten by a later merge) stops
the undo with a message naming it, before anything is saved.
"""

from __future__ import annotations

import json
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router
from django.db.models import Model, UniqueConstraint
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from ..models import KINDS, UNDO_DAYS, ArticlePage, CurationChange, Entity, LegacySlug, TopicPage, public_url
from .base import CurationError, CurationResult, _atomic, _derived, _log_articles, _plural, _purge, _row, model_for

_MISSING = "\0missing"


def _plain(value: Any) -> Any:
    """A value as the journal holds it (JSON), so values read now compare with values recorded then."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _is_subject(obj: Model) -> bool:
    """Tags and entities: things people name and link, whose conflicts must be resolved by a person."""
    return isinstance(obj, Tag | Entity)


def describe(obj: Model) -> str:
    if isinstance(obj, LegacySlug):
        return f"the redirect from {obj.kind} “{obj.old_slug}”"
    return f"the {obj._meta.verbose_name} “{obj}”"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize() would lowercase the names too


def _clash(obj: Model, fields: list[str] | None = None) -> str | None:
    """What now holds a unique value of ``obj`` (only among ``fields`` if given), described; None if nothing."""
    model = type(obj)
    groups = [[field.name] for field in model._meta.fields if field.unique and not field.primary_key]
    groups += [list(c.fields) for c in model._meta.constraints if isinstance(c, UniqueConstraint) and c.fields]
    groups += [list(names) for names in model._meta.unique_together]
    for names in groups:
        if fields is not None and not set(names) & set(fields):
            continue
        lookup = {
            model._meta.get_field(name).attname: getattr(obj, model._meta.get_field(name).attname) for name in names
        }
        other = model.objects.filter(**lookup).exclude(pk=obj.pk).first()
        if other is not None:
            values = ", ".join(str(value) for value in lookup.values())
            label = " and ".join(str(model._meta.get_field(name).verbose_name) for name in names)
            return f"the {label} “{values}” is now used by {describe(other)}"
    return None


def _uses(obj: Model) -> list[str]:
    """What deleting ``obj`` would take with it: the rows that point at it, counted by kind."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    counts: dict[str, int] = {}
    for queryset in collector.fast_deletes:
        if not _derived(queryset.model) and (count := queryset.count()):
            counts[str(queryset.model._meta.verbose_name_plural)] = count
    for model, instances in collector.data.items():
        if model is not type(obj) and not _derived(model) and instances:
            counts[str(model._meta.verbose_name_plural)] = len(instances)
    return [f"{count} {name}" for name, count in counts.items()]


class _Undo:
    def __init__(self, change: CurationChange) -> None:
        self.change = change
        owners = {pk for op in change.journal for pk in op.get("owners", [])}
        self.edited = {
            int(pk)
            for pk in Revision.page_revisions.filter(
                object_id__in=[str(pk) for pk in owners], created_at__gt=change.created_at
            ).values_list("object_id", flat=True)
        }
        self.pages: set[int] = set()
        self.skipped: set[int] = set()
        self.restored: list[str] = []
        self.revisions = 0

    def run(self) -> None:
        for op in reversed(self.change.journal):
            getattr(self, f"undo_{op['op']}")(op)

    def _owned_by_edited(self, op: dict, obj: Model) -> bool:
        """A link row of an article or topic edited since the change: left as the editor made it."""
        if "owner_column" not in op:
            return False
        owner = getattr(obj, op["owner_column"])
        if owner in self.edited or not Page.objects.filter(pk=owner).exists():
            self.skipped.add(owner)
            return True
        self.pages.add(owner)
        return False

    def undo_create(self, op: dict) -> None:
        obj = model_for(op["model"]).objects.filter(pk=op["pk"]).first()
        if obj is None or self._owned_by_edited(op, obj):
            return  # deleted since, or an edited page's link
        if "owner_column" not in op and (uses := _uses(obj)):
            raise CurationError(
                f"{_first_upper(describe(obj))}, made by this change, is now used by {', '.join(uses)}. "
                "Remove those uses first, or keep the change."
            )
        obj.delete()

    def undo_delete(self, op: dict) -> None:
        for item in serializers.deserialize("python", op["rows"]):
            obj = item.object
            if self._owned_by_edited(op, obj):
                continue
            model = type(obj)
            if model.objects.filter(pk=obj.pk).exists():
                if _is_subject(obj):
                    raise CurationError(f"{_first_upper(describe(obj))} exists again; nothing to restore.")
                continue
            if not self._targets_exist(obj):
                continue  # what it linked was deleted since
            if clash := _clash(obj):
                if not _is_subject(obj) and not isinstance(obj, LegacySlug):
                    continue  # the link is there already
                raise CurationError(f"Cannot restore {describe(obj)}: {clash}. Rename or merge that first.")
            obj.save(force_insert=True)
            if _is_subject(obj):
                self.restored.append(describe(obj))

    def _targets_exist(self, obj: Model) -> bool:
        """Whether the rows ``obj`` points at still exist; a nullable pointer to a deleted row is cleared."""
        for field in obj._meta.fields:
            value = getattr(obj, field.attname)
            if not field.is_relation or value is None or field.related_model.objects.filter(pk=value).exists():
                continue
            if not field.null:
                return False
            setattr(obj, field.attname, None)
        return True

    def undo_update(self, op: dict) -> None:
        model = model_for(op["model"])
        obj = model.objects.filter(pk=op["pk"]).first()
        if obj is None:
            if issubclass(model, Tag | Entity):
                raise CurationError(
                    f"The {model._meta.verbose_name} this change updated was deleted since; it cannot be put back."
                )
            return
        current = _plain(_row(obj))["fields"]
        changed = [name for name, value in op["after"].items() if current.get(name) != value]
        if changed:
            if not _is_subject(obj):
                return  # a later change moved it on; leave it
            raise CurationError(
                f"{_first_upper(describe(obj))} was changed since ({', '.join(changed)}). "
                "Undo that change first, or change it back by hand."
            )
        row = {"model": op["model"], "pk": op["pk"], "fields": {**current, **op["before"]}}
        restored = next(serializers.deserialize("python", [row])).object
        if clash := _clash(restored, list(op["before"])):
            raise CurationError(f"Cannot restore {describe(obj)}: {clash}. Rename or merge that first.")
        restored.save(update_fields=list(op["before"]))
        if _is_subject(obj):
            self.restored.append(describe(restored))

    def undo_revision(self, op: dict) -> None:
        revision = Revision.objects.filter(pk=op["pk"]).first()
        if revision is None:
            return  # purged since
        content = revision.content
        after = op["after"]
        if any(_plain(content.get(key, _MISSING)) != after.get(key, _MISSING) for key in op["keys"]):
            title = Page.objects.filter(pk=op["page"]).values_list("title", flat=True).first() or "a deleted page"
            raise CurationError(
                f"A later change rewrote the stored revision of “{title}” from "
                f"{date_format(timezone.localtime(revision.created_at), 'j M Y H:i')}. Undo that change first."
            )
        for key in op["keys"]:
            if key in op["before"]:
                content[key] = op["before"][key]
            else:
                content.pop(key, None)
        Revision.objects.filter(pk=revision.pk).update(content=content)
        self.pages.add(op["page"])
        self.revisions += 1


def check_undo(change: CurationChange) -> None:
    """Refuse a change that was undone already or is older than ``UNDO_DAYS``."""
    if change.undone_at is not None:
        when = date_format(timezone.localtime(change.undone_at), "j M Y H:i")
        raise CurationError(f"This change was undone already, on {when}.")
    if not change.can_undo:
        when = date_format(timezone.localtime(change.created_at), "j M Y")
        raise CurationError(
            f"This change was made on {when}; changes can be undone for {UNDO_DAYS} days only. "
            "Make the reverse change by hand instead."
        )


def undo_change(change: CurationChange, *, user: Any = None, dry_run: bool = False) -> CurationResult:
    """Put back what ``change`` changed, leaving later changes as they are; refuses conflicts by name."""
    check_undo(change)
    result = CurationResult(action="undo", dry_run=dry_run)
    with _atomic(dry_run):
        change = CurationChange.objects.select_for_update().get(pk=change.pk)
        check_undo(change)
        undo = _Undo(change)
        undo.run()
        articles = sorted(ArticlePage.objects.filter(pk__in=undo.pages).values_list("pk", flat=True))
        topics = sorted(TopicPage.objects.filter(pk__in=undo.pages).values_list("pk", flat=True))
        skipped = list(Page.objects.filter(pk__in=undo.skipped).order_by("title").values_list("title", flat=True))
        result.articles, result.topics, result.revisions = len(articles), len(topics), undo.revisions
        parts = [f"Undid “{change.summary}”"]
        if undo.restored:
            parts.append("restored " + ", ".join(dict.fromkeys(undo.restored)))
        parts.append(
            f"{_plural(len(articles), 'article')}, {_plural(len(topics), 'topic')} and "
            f"{_plural(undo.revisions, 'stored revision')} changed back"
        )
        result.summary = "; ".join(parts) + "."
        if skipped:
            result.summary += " Edited since and left as they are: " + ", ".join(f"“{t}”" for t in skipped) + "."
        data = {"change": change.pk, "action": change.action, "summary": change.summary, "articles": len(articles)}
        log(change, "newsroom.undo", user=user, data=data)
        _log_articles(articles, "newsroom.undo", data, user, None, dry_run=dry_run)
        change.undone_at = timezone.now()
        change.undone_by = user if getattr(user, "is_authenticated", False) else None
        change.save(update_fields=["undone_at", "undone_by"])
        first = next(iter(change.keys), "")
        result.target_url = _url_for_key(first)
        _purge(articles, topics, extra=change.keys)
    return result


def _url_for_key(key: str) -> str:
    """The public page of a ``tag:3`` / ``person:5`` dependency tag's object, if it exists."""
    kind, _, pk = key.partition(":")
    model = Tag if kind == "tag" else KINDS.entity_models().get(kind)
    obj = model.objects.filter(pk=pk).first() if model is not None and pk.isdigit() else None
    return public_url(obj) if obj is not None else ""

"""Renaming, merging, pruning and promoting tags."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.models import Revision

from ..models import (
    KINDS,
    ArticlePage,
    ArticleTag,
    Entity,
    LegacySlug,
    TopicPage,
    public_url,
)
from ..models.entities import clean_name, unique_slug
from ..models.tags import unused_tags
from .base import (
    TAG_NAME_MAX,
    CurationError,
    CurationResult,
    Journal,
    Progress,
    _atomic,
    _delete,
    _log_articles,
    _move_rows,
    _plural,
    _purge,
    _redirect,
    _remap_ids,
    _remap_list,
    _remap_tagged_items,
    _repoint_redirects,
    _rewrite_revisions,
    _row,
    _tag_article_ids,
)


def clean_tag_name(name: str) -> str:
    """White space collapsed; refuses empty or over-long names."""
    name = " ".join((name or "").split())
    if not name or not re.search(r"\w", name):
        raise CurationError("A tag name needs at least one letter or digit.")
    if len(name) > TAG_NAME_MAX:
        raise CurationError(f"A tag name can be at most {TAG_NAME_MAX} characters long.")
    return name


def check_rename(tag: Tag, *, new_name: str) -> tuple[str, str]:
    """The cleaned name and slug for renaming ``tag``; refuses a name or URL another tag already has."""
    new_name = clean_tag_name(new_name)
    new_slug = slugify(new_name)
    if not new_slug:
        raise CurationError("A tag name needs at least one letter or digit from A to Z or 0 to 9.")
    if new_slug == slugify(tag.name):
        new_slug = tag.slug  # a change of case or punctuation keeps the URL (which may carry a suffix)
    clash = (
        Tag.objects.filter(name__iexact=new_name).exclude(pk=tag.pk).first()
        or Tag.objects.filter(slug=new_slug).exclude(pk=tag.pk).first()
    )
    if clash is not None:
        raise CurationError(
            f"There is already a tag “{clash.name}” ({public_url(clash)}). "
            f"Merge “{tag.name}” into it instead of renaming."
        )
    return new_name, new_slug


def rename_tag(
    tag: Tag, *, new_name: str, user: Any = None, dry_run: bool = False, progress: Progress | None = None
) -> CurationResult:
    """Rename a tag; its URL follows the new name and the old one answers 301."""
    new_name, new_slug = check_rename(tag, new_name=new_name)
    old_name, old_slug = tag.name, tag.slug
    result = CurationResult(action="rename_tag", dry_run=dry_run)
    with _atomic(dry_run):
        journal = Journal("rename_tag", user)
        article_ids = _tag_article_ids([tag])
        before = _row(tag)
        tag.name, tag.slug = new_name, new_slug
        tag.save()
        journal.updated(before, tag)
        journal.keys.add(f"tag:{tag.pk}")
        if old_slug != new_slug:
            result.redirects.append(_redirect(LegacySlug.Kind.TAG, old_slug, tag, journal))
            stale = LegacySlug.objects.filter(kind=LegacySlug.Kind.TAG, old_slug=new_slug)
            journal.deleting(stale)
            stale.delete()
        data = {
            "old_name": old_name,
            "new_name": new_name,
            "old_slug": old_slug,
            "articles": len(article_ids),
            "change": journal.change.pk,
        }
        log(tag, "newsroom.tag.rename", user=user, data=data)
        _log_articles(article_ids, "newsroom.tag.rename", data, user, progress, dry_run=dry_run)
        result.articles = len(article_ids)
        result.target_url = public_url(tag)
        result.summary = f"Renamed tag “{old_name}” to “{new_name}” on {_plural(len(article_ids), 'article')}."
        result.change_id = journal.save(result.summary).pk
        _purge(article_ids)
    if dry_run:
        tag.name, tag.slug = old_name, old_slug
    return result


def merge_tags(
    sources: Iterable[Tag],
    *,
    into: Tag | str,
    user: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> CurationResult:
    """Move every tagging and topic rule of ``sources`` onto ``into``, redirect their URLs and delete them.

    ``into`` may be a tag or a name: an existing tag of that name (in any case) or else a new one.
    """
    sources = list(sources)
    result = CurationResult(action="merge_tags", dry_run=dry_run)
    with _atomic(dry_run):
        journal = Journal("merge_tags", user)
        if isinstance(into, str):
            name = clean_tag_name(into)
            into = Tag.objects.filter(name__iexact=name).first()
            if into is None:
                into = Tag.objects.create(name=name)
                journal.created([into])
        sources = sorted({tag.pk: tag for tag in sources if tag.pk != into.pk}.values(), key=lambda tag: tag.name)
        if not sources:
            raise CurationError("Choose at least one tag to merge, other than the tag they are merged into.")
        source_ids = [tag.pk for tag in sources]
        mapping: dict[int, int | None] = dict.fromkeys(source_ids, into.pk)
        result.target_url = public_url(into)
        journal.keys.update(f"tag:{pk}" for pk in [*source_ids, into.pk])
        article_ids = _move_rows(ArticleTag, "content_object_id", "tag_id", source_ids, into.pk, journal)
        topic_ids = _move_rows(TopicPage.rule_tags.through, "topicpage_id", "tag_id", source_ids, into.pk, journal)
        result.revisions = _rewrite_revisions(ArticlePage, _remap_tagged_items(mapping), None, journal)
        result.revisions += _rewrite_revisions(TopicPage, _remap_list("rule_tags", mapping), None, journal)
        _repoint_redirects(sources, into, journal)
        result.redirects = [_redirect(LegacySlug.Kind.TAG, tag.slug, into, journal) for tag in sources]
        names = [tag.name for tag in sources]
        data = {
            "sources": names,
            "into": into.name,
            "articles": len(article_ids),
            "topics": len(topic_ids),
            "change": journal.change.pk,
        }
        log(into, "newsroom.tag.merge", user=user, data=data)
        _log_articles(article_ids, "newsroom.tag.merge", data, user, progress, dry_run=dry_run)
        for tag in sources:
            _delete(tag, journal)
        result.articles, result.topics, result.deleted = len(article_ids), len(topic_ids), names
        quoted = ", ".join(f"“{name}”" for name in names)
        result.summary = (
            f"Merged {quoted} into “{into.name}”: {_plural(len(article_ids), 'article')} and "
            f"{_plural(len(topic_ids), 'topic')} changed."
        )
        result.change_id = journal.save(result.summary).pk
        _purge(article_ids, topic_ids)
    return result


def draft_tag_ids() -> set[int]:
    """Tags named only in unpublished drafts, which the live tables do not show yet."""
    ids: set[int] = set()
    drafts = ArticlePage.objects.filter(has_unpublished_changes=True, latest_revision__isnull=False)
    for content in Revision.objects.filter(pk__in=drafts.values("latest_revision_id")).values_list(
        "content", flat=True
    ):
        ids.update(item.get("tag") for item in (content or {}).get("tagged_items", []) if item.get("tag"))
    return ids


def delete_unused_tags(
    *, tags: Iterable[Tag] | None = None, user: Any = None, dry_run: bool = False, progress: Progress | None = None
) -> CurationResult:
    """Delete tags that no article, draft or topic uses (all of them, or those of ``tags`` that are unused)."""
    candidates = unused_tags() if tags is None else unused_tags(Tag.objects.filter(pk__in=[tag.pk for tag in tags]))
    doomed = list(candidates.exclude(pk__in=draft_tag_ids()).order_by("name"))
    result = CurationResult(action="delete_unused_tags", dry_run=dry_run)
    with _atomic(dry_run):
        journal = Journal("delete_unused_tags", user)
        for tag in doomed:
            data = {"name": tag.name, "slug": tag.slug, "articles": 0, "change": journal.change.pk}
            log(tag, "newsroom.tag.delete", user=user, data=data)
            _delete(tag, journal)
        journal.keys.update(f"tag:{tag.pk}" for tag in doomed)
        result.deleted = [tag.name for tag in doomed]
        result.summary = f"Deleted {_plural(len(doomed), 'unused tag')}." if doomed else "No unused tags to delete."
        result.change_id = journal.save(result.summary).pk
    return result


def promote_tag(
    tag: Tag,
    *,
    kind: str,
    entity: Entity | None = None,
    name: str | None = None,
    user: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> CurationResult:
    """Turn a tag into a studio, person or film (new or existing): its articles and topics link that instead."""
    model = KINDS.entity_models().get(kind)
    if model is None:
        raise CurationError(f"Unknown kind “{kind}”: choose {' or '.join(KINDS.entity_models())}.")
    if entity is not None and not isinstance(entity, model):
        raise CurationError(f"“{entity}” is not a {model._meta.verbose_name}.")
    result = CurationResult(action="promote_tag", dry_run=dry_run)
    with _atomic(dry_run):
        journal = Journal("promote_tag", user)
        if entity is None:
            try:
                entity_name = clean_name(name or tag.name)
            except ValidationError as error:
                raise CurationError("The new entity needs a name with at least one letter or digit.") from error
            existing = model.objects.matching_name(entity_name).first()
            if existing is not None:
                raise CurationError(
                    f"There is already a {model._meta.verbose_name} “{existing.name}”; choose it as the existing "
                    "entity instead of creating another."
                )
            entity = model(name=entity_name, slug=unique_slug(model, entity_name))
            entity.save()
            journal.created([entity])
        journal.keys.update({f"tag:{tag.pk}", f"{kind}:{entity.pk}"})
        column = f"{model._meta.model_name}_id"
        article_ids = _tag_article_ids([tag])
        article_link = getattr(ArticlePage, model.article_field).through
        having = set(
            article_link.objects.filter(**{column: entity.pk, "articlepage_id__in": article_ids}).values_list(
                "articlepage_id", flat=True
            )
        )
        rows = article_link.objects.bulk_create(
            [article_link(articlepage_id=pk, **{column: entity.pk}) for pk in article_ids if pk not in having]
        )
        journal.created(rows, "articlepage_id")
        journal.deleting(ArticleTag.objects.filter(tag=tag), "content_object_id")
        ArticleTag.objects.filter(tag=tag).delete()
        rule_tags = TopicPage.rule_tags.through
        topic_ids = list(rule_tags.objects.filter(tag=tag).values_list("topicpage_id", flat=True))
        topic_link = getattr(TopicPage, f"rule_{model.article_field}").through
        having = set(
            topic_link.objects.filter(**{column: entity.pk, "topicpage_id__in": topic_ids}).values_list(
                "topicpage_id", flat=True
            )
        )
        rows = topic_link.objects.bulk_create(
            [topic_link(topicpage_id=pk, **{column: entity.pk}) for pk in topic_ids if pk not in having]
        )
        journal.created(rows, "topicpage_id")
        journal.deleting(rule_tags.objects.filter(tag=tag), "topicpage_id")
        rule_tags.objects.filter(tag=tag).delete()
        result.revisions = _rewrite_revisions(ArticlePage, _promote_in_article(tag.pk, model, entity.pk), None, journal)
        result.revisions += _rewrite_revisions(TopicPage, _promote_in_topic(tag.pk, model, entity.pk), None, journal)
        _repoint_redirects([tag], entity, journal)
        result.redirects = [_redirect(LegacySlug.Kind.TAG, tag.slug, entity, journal)]
        data = {
            "tag": tag.name,
            "kind": kind,
            "entity": entity.name,
            "articles": len(article_ids),
            "topics": len(topic_ids),
            "change": journal.change.pk,
        }
        log(entity, "newsroom.tag.promote", user=user, data=data)
        _log_articles(article_ids, "newsroom.tag.promote", data, user, progress, dry_run=dry_run)
        _delete(tag, journal)
        result.articles, result.topics, result.deleted = len(article_ids), len(topic_ids), [tag.name]
        result.target_url = entity.get_absolute_url()
        result.summary = (
            f"Promoted tag “{tag.name}” to the {model._meta.verbose_name} “{entity.name}”: "
            f"{_plural(len(article_ids), 'article')} and {_plural(len(topic_ids), 'topic')} now link it."
        )
        result.change_id = journal.save(result.summary).pk
        _purge(article_ids, topic_ids)
    return result


def _promote_in_article(tag_id: int, model: type[Entity], entity_id: int) -> Callable[[dict], bool]:
    def transform(content: dict) -> bool:
        items = content.get("tagged_items") or []
        if not any(item.get("tag") == tag_id for item in items):
            return False
        content["tagged_items"] = [item for item in items if item.get("tag") != tag_id]
        content[model.article_field] = _remap_ids([*(content.get(model.article_field) or []), entity_id], {})
        return True

    return transform


def _promote_in_topic(tag_id: int, model: type[Entity], entity_id: int) -> Callable[[dict], bool]:
    key = f"rule_{model.article_field}"

    def transform(content: dict) -> bool:
        if tag_id not in (content.get("rule_tags") or []):
            return False
        content["rule_tags"] = [pk for pk in content["rule_tags"] if pk != tag_id]
        content[key] = _remap_ids([*(content.get(key) or []), entity_id], {})
        return True

    return transform

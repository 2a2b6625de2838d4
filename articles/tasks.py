"""Background tasks: curation operations that touch many articles, with progress kept in the cache.

A job's progress lives under ``curation:job:<id>`` (state, done, total, summary or error), in the cache that the
web server and ``manage.py worker`` share (the database's, or Redis); should the status page not see it, it still
learns the outcome from the task result.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Model
from django_tasks import task
from taggit.models import Tag

from . import curation
from .models import KINDS, ArticlePage

logger = logging.getLogger(__name__)

# More articles than this and an operation runs as a background task.
BACKGROUND_THRESHOLD = 50
JOB_TIMEOUT = 24 * 3600
OPERATIONS = ("rename_tag", "merge_tags", "promote_tag", "merge_entities", "batch_tag")


def job_key(job_id: str) -> str:
    return f"curation:job:{job_id}"


def job_status(job_id: str) -> dict[str, Any] | None:
    """What is known about a job: its state (queued, running, done, failed), counts and outcome."""
    status = cache.get(job_key(job_id))
    if status and status.get("state") in ("queued", "running") and status.get("task_id"):
        # A worker in another process may not share this cache: ask the task backend as well.
        try:
            outcome = run_curation.get_result(status["task_id"])
        except Exception:  # noqa: BLE001 - backends without result storage (immediate) cannot answer
            return status
        if outcome.status == "FAILED":
            return {**status, "state": "failed", "error": "The operation failed; nothing was changed."}
        if outcome.status == "SUCCESSFUL" and isinstance(outcome.return_value, dict):
            return {**status, **outcome.return_value}
    return status


def _set_status(job_id: str, **values: Any) -> None:
    status = cache.get(job_key(job_id)) or {}
    status.update(values)
    cache.set(job_key(job_id), status, JOB_TIMEOUT)


def serialize_params(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """Model instances in ``params`` as ids, so the task can be queued as JSON."""

    def ref(obj: Any) -> Any:
        if isinstance(obj, Tag):
            return {"tag": obj.pk}
        if isinstance(obj, Model) and getattr(obj, "entity_type", "") in KINDS.entity_models():
            return {obj.entity_type: obj.pk}
        if isinstance(obj, Model):
            return {"page": obj.pk}
        return obj

    return {
        key: [ref(item) for item in value] if isinstance(value, list | tuple) else ref(value)
        for key, value in params.items()
    }


def _load(value: Any) -> Any:
    if isinstance(value, list):
        return [_load(item) for item in value]
    if isinstance(value, dict) and len(value) == 1:
        ((kind, pk),) = value.items()
        if kind == "tag":
            return Tag.objects.get(pk=pk)
        if kind in KINDS.entity_models():
            return KINDS.entity_models()[kind].objects.get(pk=pk)
        if kind == "page":
            return ArticlePage.objects.get(pk=pk)
    return value


def execute(operation: str, params: dict[str, Any], *, user: Any, dry_run: bool = False, progress=None):
    """Run one curation service by name with already loaded ``params``."""
    if operation not in OPERATIONS:
        raise curation.CurationError(f"Unknown operation “{operation}”.")
    service = getattr(curation, operation)
    first = {"rename_tag": "tag", "promote_tag": "tag", "merge_tags": "sources", "merge_entities": "source"}
    params = dict(params)
    positional = params.pop(first.get(operation, "pages"))
    return service(positional, user=user, dry_run=dry_run, progress=progress, **params)


@task()
def run_curation(job_id: str, operation: str, params: dict[str, Any], user_id: int | None) -> dict[str, Any]:
    """Run a queued curation operation, recording its progress and outcome under the job id."""
    _set_status(job_id, state="running")
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        result = execute(
            operation,
            {key: _load(value) for key, value in params.items()},
            user=user,
            progress=lambda done, total: _set_status(job_id, done=done, total=total),
        )
    except curation.CurationError as error:
        _set_status(job_id, state="failed", error=str(error))
        return {"state": "failed", "error": str(error)}
    except Exception:
        logger.exception("Curation job %s (%s) failed", job_id, operation)
        _set_status(job_id, state="failed", error="The operation failed; nothing was changed.")
        raise
    outcome = {"state": "done", "summary": result.message, "target_url": result.target_url}
    _set_status(job_id, **outcome, done=result.articles, total=result.articles)
    return outcome


def start(operation: str, params: dict[str, Any], *, user: Any, label: str) -> str:
    """Queue ``operation`` as a background job and return its id."""
    job_id = uuid.uuid4().hex
    _set_status(job_id, state="queued", operation=operation, label=label, done=0, total=0, user_id=user.pk)
    try:
        outcome = run_curation.enqueue(job_id, operation, serialize_params(operation, params), user.pk)
    except Exception:
        # The immediate backend runs the task inside enqueue: its failure is already recorded in the job.
        logger.exception("Curation job %s could not run", job_id)
        return job_id
    _set_status(job_id, task_id=outcome.id)
    return job_id

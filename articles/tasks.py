"""Background tasks: curation operations that touch many articles, run as django-tasks jobs.

A job is its task result: its id, state and outcome come from django-tasks (``run_curation.get_result``), who
started it and its label from the task's arguments. Only progress (articles done of total) is kept in the cache,
under ``curation:job:<id>``, the cache that the web server and ``manage.py worker`` share. A backend that stores no
results (the immediate one: development and tests) has run the job by the time ``enqueue`` returns; its outcome
is kept in the cache beside the progress instead.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Model
from django_tasks import TaskContext, TaskResult, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist
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


def _progress(job_id: str) -> dict[str, Any]:
    return cache.get(job_key(job_id)) or {}


def _set_progress(job_id: str, **values: Any) -> None:
    cache.set(job_key(job_id), {**_progress(job_id), **values}, JOB_TIMEOUT)


def describe(result: TaskResult) -> dict[str, Any]:
    """A job's state (queued, running, done, failed), owner, label and outcome, from its task result."""
    kwargs = result.kwargs
    status = {"label": kwargs.get("label", ""), "user_id": kwargs.get("user_id"), "operation": kwargs.get("operation")}
    if result.status == TaskResultStatus.SUCCESSFUL:
        outcome = result.return_value
        return {**status, **(outcome if isinstance(outcome, dict) else {"state": "done"})}
    if result.status == TaskResultStatus.FAILED:
        return {**status, "state": "failed", "error": "The operation failed; nothing was changed."}
    return {**status, "state": "running" if result.status == TaskResultStatus.RUNNING else "queued"}


def job_status(job_id: str) -> dict[str, Any] | None:
    """What is known about a job: its state (queued, running, done, failed), counts and outcome; None if unknown."""
    progress = _progress(job_id)
    if run_curation.get_backend().supports_get_result:
        try:
            status = describe(run_curation.get_result(job_id))
        except TaskResultDoesNotExist:
            return None
    else:
        status = progress.get("result")
        if status is None:
            return None
    return {"done": 0, "total": 0, **{key: value for key, value in progress.items() if key != "result"}, **status}


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


@task(takes_context=True)
def run_curation(
    context: TaskContext, *, operation: str, params: dict[str, Any], user_id: int | None, label: str
) -> dict[str, Any]:
    """Run a queued curation operation; its progress goes to the cache under the job (task result) id."""
    job_id = context.task_result.id
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        result = execute(
            operation,
            {key: _load(value) for key, value in params.items()},
            user=user,
            progress=lambda done, total: _set_progress(job_id, done=done, total=total),
        )
    except curation.CurationError as error:
        return {"state": "failed", "error": str(error)}
    except Exception:
        logger.exception("Curation job %s (%s) failed", job_id, operation)
        raise
    return {
        "state": "done",
        "summary": result.message,
        "target_url": result.target_url,
        "done": result.articles,
        "total": result.articles,
    }


def start(operation: str, params: dict[str, Any], *, user: Any, label: str) -> str:
    """Queue ``operation`` as a background job and return its id (the task result's)."""
    result = run_curation.enqueue(
        operation=operation, params=serialize_params(operation, params), user_id=user.pk, label=label
    )
    if not run_curation.get_backend().supports_get_result:  # it ran inside enqueue, and keeps no results
        _set_progress(result.id, result=describe(result))
    return result.id

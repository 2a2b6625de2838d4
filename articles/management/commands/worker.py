"""The background worker: scheduled publishing plus the django-tasks database queue, in one process."""

from __future__ import annotations

import math
import signal
import threading
import time
from argparse import ArgumentParser, ArgumentTypeError
from types import FrameType
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.exceptions import InvalidTaskBackendError
from django_tasks.utils import get_random_id
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from wagtail.models import DraftStateMixin, Page, Revision


def positive_seconds(value: str) -> float:
    """argparse type: a finite number of seconds greater than zero."""
    try:
        seconds = float(value)
    except ValueError as error:
        raise ArgumentTypeError(f"{value!r} is not a number of seconds") from error
    if not math.isfinite(seconds) or seconds <= 0:
        raise ArgumentTypeError("must be a number of seconds greater than zero")
    return seconds


class Command(BaseCommand):
    help = (
        "Publish scheduled pages and unpublish expired ones every --interval seconds, and run queued background "
        "tasks (django-tasks database backend) as they arrive. Stops cleanly on SIGTERM or Ctrl-C."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval",
            type=positive_seconds,
            default=60.0,
            help="Seconds between scheduled-publishing passes (default: 60).",
        )
        parser.add_argument(
            "--task-interval",
            type=positive_seconds,
            default=1.0,
            help="Seconds between checks of the task queue when it is empty (default: 1).",
        )
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Task queues to process, comma-separated; '*' for all (default).",
        )
        parser.add_argument(
            "--backend",
            default=DEFAULT_TASK_BACKEND_ALIAS,
            dest="backend_name",
            help="The django-tasks backend whose queue to process (default: %(default)s).",
        )
        parser.add_argument("--once", action="store_true", help="Run one pass of everything, then exit.")
        parser.add_argument(
            "--tasks-only",
            action="store_true",
            help="Only run queued tasks: for extra workers, so that one worker alone does scheduled publishing.",
        )

    def handle(
        self,
        *,
        interval: float,
        task_interval: float,
        queue_name: str,
        backend_name: str,
        once: bool,
        tasks_only: bool,
        verbosity: int,
        **options: Any,
    ) -> None:
        self.verbosity = verbosity
        self.stopping = threading.Event()
        self.task_worker: Worker | None = None
        self.worker_id = get_random_id()
        self.scheduling = not tasks_only
        try:
            backend = task_backends[backend_name]
        except InvalidTaskBackendError as error:
            raise CommandError(f"Unknown task backend {backend_name!r}.") from error
        self.queue_names = [name.strip() for name in queue_name.split(",") if name.strip()]
        if not self.queue_names:
            raise CommandError("--queue-name needs at least one queue name, or '*'.")
        # The immediate backend (development, tests) runs tasks inline when they are enqueued: nothing waits.
        self.backend_name = backend_name if isinstance(backend, DatabaseBackend) else None
        if self.backend_name is None:
            if tasks_only:
                raise CommandError(f"--tasks-only needs a database task backend; {backend_name!r} runs tasks inline.")
            self.say(f"Task backend {backend_name!r} runs tasks as they are enqueued; only scheduling runs here.")

        if once:
            if self.scheduling:
                self.publish_scheduled()
            self.run_queued_tasks()
            return

        previous_handlers = {sig: signal.signal(sig, self.request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        if self.scheduling:
            self.say(f"Worker started: scheduled publishing every {interval:g}s.")
        else:
            self.say("Worker started: queued tasks only.")
        try:
            self.run_forever(interval, task_interval)
        finally:
            for sig, handler in previous_handlers.items():
                signal.signal(sig, handler)
        self.say("Worker stopped.")

    def run_forever(self, interval: float, task_interval: float) -> None:
        """Scheduling every ``interval`` seconds, the queue every ``task_interval``, until a stop is requested."""
        next_schedule_pass = time.monotonic()
        while not self.stopping.is_set():
            if self.scheduling and time.monotonic() >= next_schedule_pass:
                self.guarded(self.publish_scheduled)
                next_schedule_pass = time.monotonic() + interval
            if self.backend_name is not None:
                self.guarded(self.run_queued_tasks)
            close_old_connections()
            wait = min(task_interval, next_schedule_pass - time.monotonic())
            # Returns at once when a signal sets the event, so stopping never waits out the interval.
            self.stopping.wait(timeout=max(wait, 0))

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """First signal: finish the current task, then stop. A second one stops at once."""
        if self.stopping.is_set():
            raise KeyboardInterrupt
        self.say(f"Received {signal.strsignal(signum)}: stopping after the current task.")
        self.stopping.set()
        if self.task_worker is not None:
            self.task_worker.running = False

    def guarded(self, step: Any) -> None:
        """Run one step of the loop; an error is reported and retried next time rather than ending the worker."""
        try:
            step()
        except Exception as error:  # noqa: BLE001 - a long-running worker outlives a failed pass
            self.stderr.write(f"{step.__name__} failed: {error!r}")
            close_old_connections()

    def publish_scheduled(self) -> None:
        """Wagtail's publish_scheduled: publish revisions whose go-live time has passed, unpublish expired items."""
        now = timezone.now()
        due = Revision.objects.filter(approved_go_live_at__lt=now).count()
        # The same models publish_scheduled looks at: every page once (through Page), then other draftable models.
        draftable = [Page] + [
            m for m in apps.get_models() if issubclass(m, DraftStateMixin) and not issubclass(m, Page)
        ]
        expired = sum(model.objects.filter(live=True, expire_at__lt=now).count() for model in draftable)
        if due or expired:
            call_command("publish_scheduled", verbosity=0)
            self.say(f"Scheduled publishing: {due} published, {expired} unpublished on expiry.")

    def run_queued_tasks(self) -> None:
        """Run every ready task on the database queue, then return (django_tasks_db's worker in batch mode)."""
        if self.backend_name is None:
            return
        self.task_worker = Worker(
            queue_names=self.queue_names,
            interval=0,
            batch=True,
            backend_name=self.backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
        )
        try:
            self.task_worker.run()
        finally:
            self.task_worker = None

    def say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

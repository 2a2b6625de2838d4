"""The background worker: Wagtail's ``publish_scheduled`` on an interval beside django-tasks-db's ``db_worker``."""

from __future__ import annotations

import math
import signal
import subprocess
import sys
import threading
import time
from argparse import ArgumentParser, ArgumentTypeError
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.exceptions import InvalidTaskBackendError
from django_tasks_db import DatabaseBackend

from articles.following import send_due_digests


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
        "Publish scheduled pages and unpublish expired ones every --interval seconds (Wagtail's publish_scheduled), "
        "with django-tasks-db's db_worker running queued tasks in a child process. Stops cleanly on SIGTERM or "
        "Ctrl-C."
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
            help="Only run queued tasks (db_worker): for extra workers; one worker alone publishes on schedule.",
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
        try:
            backend = task_backends[backend_name]
        except InvalidTaskBackendError as error:
            raise CommandError(f"Unknown task backend {backend_name!r}.") from error
        if not [name for name in queue_name.split(",") if name.strip()]:
            raise CommandError("--queue-name needs at least one queue name, or '*'.")
        # The immediate backend (development, tests) runs tasks inline when they are enqueued: nothing waits.
        queued = isinstance(backend, DatabaseBackend)
        if not queued:
            if tasks_only:
                raise CommandError(f"--tasks-only needs a database task backend; {backend_name!r} runs tasks inline.")
            self.say(f"Task backend {backend_name!r} runs tasks as they are enqueued; only scheduling runs here.")
        self.db_worker_args = [
            f"--queue-name={queue_name}",
            f"--backend={backend_name}",
            f"--interval={task_interval:g}",
            "--no-reload",
            f"--verbosity={verbosity}",
        ]

        if once:
            if not tasks_only:
                self.publish_scheduled()
            if queued:
                self.run_queued_tasks()
            return
        if tasks_only:
            call_command("db_worker", *self.db_worker_args)  # the stock worker, with its own signal handling
            return
        self.run_forever(interval, queued=queued)

    def run_forever(self, interval: float, *, queued: bool) -> None:
        """Scheduled publishing every ``interval`` seconds while ``db_worker`` runs, until a stop is requested."""
        self.stopping = threading.Event()
        previous_handlers = {sig: signal.signal(sig, self.request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        manage = str(settings.BASE_DIR / "manage.py")
        tasks = subprocess.Popen([sys.executable, manage, "db_worker", *self.db_worker_args]) if queued else None  # noqa: S603
        self.say(
            f"Worker started: scheduled publishing every {interval:g}s" + (", db_worker running." if tasks else ".")
        )
        try:
            next_pass = time.monotonic()
            while not self.stopping.is_set():
                if tasks is not None and tasks.poll() is not None:
                    raise CommandError(f"db_worker exited with status {tasks.returncode}.")
                if time.monotonic() >= next_pass:
                    self.guarded(self.publish_scheduled)
                    next_pass = time.monotonic() + interval
                close_old_connections()
                # Wakes at once when a signal sets the event; looks at the child at least once a second.
                self.stopping.wait(timeout=max(min(1.0, next_pass - time.monotonic()), 0))
        finally:
            if tasks is not None and tasks.poll() is None:
                tasks.terminate()  # db_worker finishes its current task, then exits
                tasks.wait()
            for sig, handler in previous_handlers.items():
                signal.signal(sig, handler)
        self.say("Worker stopped.")

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """First signal: stop after the current pass and task. A second one stops at once."""
        if self.stopping.is_set():
            raise KeyboardInterrupt
        self.say(f"Received {signal.strsignal(signum)}: stopping after the current task.")
        self.stopping.set()

    def guarded(self, step: Any) -> None:
        """Run one pass; an error is reported and retried next time rather than ending the worker."""
        try:
            step()
        except Exception as error:  # noqa: BLE001 - a long-running worker outlives a failed pass
            self.stderr.write(f"{step.__name__} failed: {error!r}")
            close_old_connections()

    def publish_scheduled(self) -> None:
        """Wagtail's publish_scheduled: publish revisions whose go-live time has passed, unpublish expired items."""
        call_command("publish_scheduled", verbosity=max(self.verbosity - 1, 0), stdout=self.stdout)
        # Followers' digests that came due since the last pass (daily ones, instant ones held by their gap).
        send_due_digests.enqueue()

    def run_queued_tasks(self) -> None:
        """Every ready task on the database queue, then return: ``db_worker --batch``."""
        # db_worker installs its own SIGINT/SIGTERM handlers; a one-off pass gives ours (or the caller's) back.
        previous_handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command("db_worker", *self.db_worker_args, "--batch", "--no-startup-delay", stdout=self.stdout)
        finally:
            for sig, handler in previous_handlers.items():
                signal.signal(sig, handler)

    def say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

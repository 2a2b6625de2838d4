"""Polling the agency feeds configured in the admin (``AgencyFeed``) into the ingest queue."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.text import Truncator

from ..models import AgencyFeed
from .ingest import IngestReport, ingest_sources
from .parsers import MAX_FILE_BYTES, MalformedFile

logger = logging.getLogger(__name__)

TIMEOUT = 20  # seconds per request
USER_AGENT = "Newsroom agency ingest"
Fetcher = Callable[[str], bytes]


def fetch(url: str) -> bytes:
    """The body of an http(s) URL, at most ``MAX_FILE_BYTES``; MalformedFile says why it could not be had."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise MalformedFile("only http and https feed URLs are polled")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - scheme checked above
            data = response.read(MAX_FILE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise MalformedFile(f"the feed answered HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise MalformedFile(f"the feed could not be reached ({getattr(error, 'reason', error)})") from error
    if len(data) > MAX_FILE_BYTES:
        raise MalformedFile(f"the feed is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data


def _format(feed: AgencyFeed) -> str:
    return {AgencyFeed.Format.FEED: "feed", AgencyFeed.Format.NINJS: "ninjs", AgencyFeed.Format.NEWSML: "newsml"}[
        feed.format
    ]


def poll_feed(
    feed: AgencyFeed, *, fetcher: Fetcher | None = None, dry_run: bool = False, user: Any = None
) -> IngestReport:
    """Fetch one feed and receive its items; the feed remembers when it was polled and how that went."""
    try:
        data: bytes | MalformedFile = (fetcher or fetch)(feed.url)
    except MalformedFile as error:
        data = error
    report = ingest_sources(
        [(feed.name, data)], format=_format(feed), credit=feed.credit, feed=feed, dry_run=dry_run, user=user
    )
    if not dry_run:
        feed.last_polled_at = timezone.now()
        feed.last_status = Truncator(report.totals() if not isinstance(data, MalformedFile) else str(data)).chars(300)
        feed.save(update_fields=["last_polled_at", "last_status"])
    return report


def poll_due(*, fetcher: Fetcher | None = None, force: bool = False, dry_run: bool = False) -> IngestReport:
    """Poll every active feed whose interval has passed (every active one with ``force``)."""
    report = IngestReport(dry_run=dry_run)
    now = timezone.now()
    for feed in AgencyFeed.objects.filter(active=True).order_by("name"):
        if force or feed.is_due(now):
            report.items.extend(poll_feed(feed, fetcher=fetcher, dry_run=dry_run).items)
    return report

"""A caching proxy or CDN in front of the site, kept fresh by the same dependency keys as the page cache.

Every page the page cache stores goes out with ``Cache-Control: public, s-maxage=…`` and its dependency keys in a
surrogate-key header (``xkey`` for Varnish's xkey module, ``Surrogate-Key`` for CDNs that read that name); every
purge (articles.signals, on commit) sends the purged keys to each URL in ``NEWSROOM_XKEY_PURGE_URLS`` as one
``PURGE`` request with an ``xkey-purge`` header, which the VCL in docs/deploy.md turns into ``xkey.purge()``. So
the proxy drops exactly the pages that showed what changed, and keeps the rest. Responses the page cache does not
store (editors, errors, a page that rendered while a purge landed) carry no surrogate keys and the VCL passes them.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse

logger = logging.getLogger(__name__)

SURROGATE_HEADERS = ("xkey", "Surrogate-Key")


def mark_cacheable(response: HttpResponse, keys: Iterable[str]) -> None:
    """Let shared caches keep this response for ``NEWSROOM_CDN_SECONDS``, tagged with its dependency keys; browsers
    revalidate (``max-age=0``) so a purge reaches readers too."""
    seconds = settings.NEWSROOM_CDN_SECONDS
    grace = settings.NEWSROOM_CDN_STALE_SECONDS
    response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate={grace}"
    value = " ".join(sorted(keys))
    for header in SURROGATE_HEADERS:
        response[header] = value


def purge_keys(keys: Iterable[str]) -> None:
    """Ask each configured proxy to drop every object tagged with any of these keys (best effort, logged)."""
    value = " ".join(sorted(keys))
    if not value:
        return
    for url in settings.NEWSROOM_XKEY_PURGE_URLS:
        request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": value})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - configured proxy
                response.read()
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            logger.warning("CDN purge of %s at %s failed: %s", value[:200], url, error)

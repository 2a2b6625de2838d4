"""IPTC ninjs (News in JSON): the schemas we validate agency items against, and our articles as ninjs 2.1.

The schemas in ``schemas/`` are the IPTC's published ninjs 1.5, 2.1 and 3.0 (docs/ingest.md: provenance and
licence). An item says which version it follows in ``standard`` (``$standard`` in 1.x); one that does not is read
by its shape: camelCase properties are 3.x, ``headlines``/``bodies`` arrays 2.x, ``headline``/``body_*`` 1.x.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.utils.html import strip_tags
from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.protocols import Validator

from ..models import KINDS, ArticlePage
from ..seo import absolute_url
from ..visibility import is_public_entity

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMA_FILES = {"1": "ninjs-schema_1.5.json", "2": "ninjs-schema_2.1.json", "3": "ninjs-schema_3.0.json"}
SCHEMA_VERSIONS = {"1": "1.5", "2": "2.1", "3": "3.0"}
OUTPUT_VERSION = "2.1"
WIKIDATA_URI = "http://www.wikidata.org/entity/{}"

# The ninjs property an entity of each kind is listed under, in the output.
OUTPUT_GROUPS = {"person": "people", "studio": "organisations"}


class NinjsError(ValueError):
    """An item that is not valid ninjs; the message names the version, the property and the rule it breaks."""


@cache
def validator(major: str) -> Validator:
    """The validator of the shipped schema for a major version ("1", "2" or "3")."""
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES[major]).read_text(encoding="utf-8"))
    cls = Draft4Validator if major == "1" else Draft202012Validator
    return cls(schema, format_checker=FormatChecker())


def major_version(data: dict[str, Any]) -> str:
    """ "1", "2" or "3": from the item's ``standard`` (``$standard`` in 1.x), else from its shape."""
    standard = data.get("standard") or data.get("$standard")
    if isinstance(standard, dict) and isinstance(standard.get("version"), str):
        found = re.match(r"\s*([123])(?:\.\d+)*\s*$", standard["version"])
        if found:
            return found[1]
        raise NinjsError(f"ninjs version {standard['version'][:20]!r} is not one we read (1.x, 2.x or 3.x)")
    if any(key in data for key in ("pubStatus", "versionCreated", "firstCreated", "altIds", "infoSources")):
        return "3"
    if any(key in data for key in ("headlines", "bodies", "descriptions", "people", "organisations", "subjects")):
        return "2"
    return "1"


def _where(error: SchemaError) -> str:
    path = "/".join(str(part) for part in error.absolute_path)
    return f" (at {path})" if path else ""


def validate(data: Any) -> str:
    """The item's major version, once it is valid against that version's schema; NinjsError otherwise."""
    if not isinstance(data, dict):
        raise NinjsError("a ninjs item must be a JSON object")
    major = major_version(data)
    try:
        errors = sorted(validator(major).iter_errors(data), key=lambda error: list(error.absolute_path))
    except Exception as error:  # a $ref we do not ship (GeoJSON), or a schema rule that cannot be applied
        raise NinjsError(
            f"ninjs {SCHEMA_VERSIONS[major]}: it could not be checked ({error.__class__.__name__})"
        ) from error
    if errors:
        first = errors[0]
        more = f" and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''}" if len(errors) > 1 else ""
        raise NinjsError(f"not valid ninjs {SCHEMA_VERSIONS[major]}: {first.message[:200]}{_where(first)}{more}")
    return major


# Our articles as ninjs.


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _mentioned_in(text: str, entity) -> bool:
    names = [entity.name, *getattr(entity, "alias_list", [])]
    folded = text.casefold()
    return any(name and re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded) for name in names)


def _entity_ref(entity, *, lead: str, request: HttpRequest | None) -> dict[str, str]:
    """An entity as a ninjs subject: its Wikidata URI where we know it, else its page here."""
    wikidata = getattr(entity, "wikidata_id", "")
    uri = WIKIDATA_URI.format(wikidata) if wikidata else absolute_url(request, entity.get_absolute_url())
    return {
        "name": entity.name,
        "rel": "about" if _mentioned_in(lead, entity) else "mentions",
        "uri": uri,
        "literal": f"{entity.entity_type}:{entity.slug}",
    }


def article_ninjs(page: ArticlePage, *, request: HttpRequest | None) -> dict[str, Any]:
    """A live article as a ninjs 2.1 item.

    Entities named in the headline or standfirst are what the story is ``about``; the others it ``mentions``.
    People go under ``people``, studios under ``organisations``, everything else (films, series, tags) under
    ``subjects``. URIs are on the request's site (``seo.absolute_url``).
    """
    lead = f"{page.title}\n{page.standfirst}"
    body_html = str(page.body.render_as_block()) if page.body else ""
    body_text = " ".join(strip_tags(body_html).split())
    item: dict[str, Any] = {
        "uri": absolute_url(request, page.get_url(request=request) or f"/?page={page.pk}"),
        "standard": {
            "name": "ninjs",
            "version": OUTPUT_VERSION,
            "schema": f"http://www.iptc.org/std/ninjs/{SCHEMA_FILES['2']}",
        },
        "type": "text",
        "representationtype": "full",
        "version": str(page.live_revision_id or 1),
        "firstcreated": _iso(page.first_published_at or page.date),
        "versioncreated": _iso(page.last_published_at or page.date),
        "contentcreated": _iso(page.date),
        "pubstatus": "usable",
        "language": page.locale.language_code if page.locale_id else "en",
        "headlines": [{"role": "main", "value": page.title}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body_html,
                "charcount": len(body_text),
                "wordcount": len(body_text.split()),
            }
        ],
    }
    if page.standfirst:
        item["descriptions"] = [{"role": "summary", "contenttype": "text/plain", "value": page.standfirst}]
    authors = [author.name for author in page.authors.all()]
    if authors:
        item["by"] = ", ".join(authors)
    if page.source_name or page.source_url:
        source = {"name": page.source_name or page.source_url, "role": "originator"}
        if page.source_url:
            source["uri"] = page.source_url
        item["infosources"] = [source]
    groups: dict[str, list[dict[str, str]]] = {"subjects": [], "people": [], "organisations": []}
    for kind in KINDS.entities():
        entities = [entity for entity in getattr(page, kind.article_field).all() if is_public_entity(entity)]
        for entity in sorted(entities, key=lambda entity: entity.name):
            groups[OUTPUT_GROUPS.get(kind.key, "subjects")].append(_entity_ref(entity, lead=lead, request=request))
    for tag in sorted(page.tags.all(), key=lambda tag: tag.name):
        groups["subjects"].append({"name": tag.name, "rel": "mentions", "literal": f"tag:{tag.slug}"})
    item.update({group: refs for group, refs in groups.items() if refs})
    if page.hero_credit:
        item["copyrightnotice"] = page.hero_credit
    return {key: value for key, value in item.items() if value not in (None, "")}

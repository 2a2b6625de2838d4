"""Awards a story says a known title or person won or was nominated for — "Spotlight won Best Picture at the 88th
Academy Awards", "I, Daniel Blake won the Palme d'Or", "Leonardo DiCaprio won Best Actor for The Revenant" — as
statements the editor records in one click (``articles.linking.statements``).

Precision over recall: a statement needs a known entity right before the verb (only a short clause may come
between), a known category name right after it, a category of the kind that entity is (a person for Best Actor, a
film for Best Picture), one ceremony (named, or the only one with that category) and one edition (its ordinal or
year in the sentence, or else the film's year: a festival's own, an awards show's the year after). Anything
ambiguous is left out. Ceremony, category and edition names are remembered under the ``awards`` tag; a call runs a
query only when the text has an award verb and a statement was found (the films' years, then what is recorded).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ..cache import remember
from ..models import KINDS, AwardCategory, AwardEdition, AwardNomination, Film
from ..models.awards import HONOURED_KINDS, TITLE_KINDS
from . import statements
from .results import Match

KIND = "award"
TRIGGER = re.compile(r"\b(?:won|wins|win|took|takes|picked up|nominated|nominations?)\b", re.IGNORECASE)
# A sentence ends at . ! or ? before white space and a capital, but not after an initial ("Alejandro G. Iñárritu")
# or a title ("Mr. Loach").
SENTENCE_END = re.compile(
    r"(?<![\s.][A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr))(?<!\bMrs)[.!?]+[\"'”’)]?(?=\s+[\"“‘(]?[A-Z0-9])"
)
# What may stand between the entity and the verb: "has", "was", "has also been", ", the Boston Globe drama,".
GAP = re.compile(
    r"^(?:\s*,[^,.;]{0,60},)?\s*(?:(?:has|have|had|was|were|is|also|been|just|finally|again|now)\s+)*$", re.IGNORECASE
)
WON = re.compile(r"(?:won|wins|took|takes|picked up)\s+", re.IGNORECASE)
NOMINATED = re.compile(
    r"(?:nominated\s+for|(?:earned|received|picked up|got)\s+(?:a|an)\s+nomination\s+for)\s+", re.IGNORECASE
)
ARTICLE = re.compile(r"(?:the|an?)\s+", re.IGNORECASE)
ORDINAL = re.compile(r"(\d{1,3})(?:st|nd|rd|th)\s+", re.IGNORECASE)
YEAR = re.compile(r"((?:19|20)\d\d)\s+")
MAX_GAP = 80


def gazetteer() -> dict[str, Any]:
    """Ceremonies, categories and editions by id, with their names, remembered until any of them changes."""

    def compute() -> dict[str, Any]:
        categories = AwardCategory.objects.select_related("ceremony").order_by("pk")
        ceremonies: dict[int, dict[str, Any]] = {}
        found = []
        for category in categories:
            ceremony = category.ceremony
            ceremonies.setdefault(ceremony.pk, {"kind": ceremony.kind, "names": ceremony.all_names})
            found.append(
                {
                    "id": category.pk,
                    "ceremony": ceremony.pk,
                    "honours": category.honours,
                    "name": category.name,
                    "names": category.all_names,
                }
            )
        editions = [
            {"id": pk, "ceremony": ceremony, "number": number, "year": year, "title": title}
            for pk, ceremony, number, year, title in (
                (edition.pk, edition.ceremony_id, edition.number, edition.year, edition.title)
                for edition in AwardEdition.objects.filter(ceremony__in=ceremonies).select_related("ceremony")
            )
        ]
        return {"ceremonies": ceremonies, "categories": found, "editions": editions}

    return remember("award-statements:gazetteer", ["awards"], compute)


def _normalise(text: str) -> str:
    """Curly apostrophes and dashes as typed in names; the same length, so offsets hold."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")


def _starts_with(text: str, names: Sequence[str]) -> str:
    """The longest of ``names`` that ``text`` starts with (case-insensitive, ending at a word boundary), or ""."""
    best = ""
    folded = text.casefold()
    for name in names:
        name = _normalise(name)
        if len(name) > len(best) and folded.startswith(name.casefold()):
            after = text[len(name) : len(name) + 1]
            if not after or not (after.isalnum() or after == "'"):
                best = text[: len(name)]
    return best


def _ceremony_names(ceremony: dict[str, Any]) -> list[str]:
    """A ceremony's names, also singular ("Oscar" for "Oscars") as in "won the Oscar for Best Actor"."""
    names = list(ceremony["names"])
    return names + [name[:-1] for name in names if name.endswith("s")]


def _mentions(matches: Sequence[Match]) -> list[tuple[int, int, Match]]:
    found = [
        (mention.start, mention.end, match)
        for match in matches
        if match.entity_type in HONOURED_KINDS
        for mention in match.mentions
    ]
    return sorted(found, key=lambda item: (item[0], -item[1]))


def _entity_at(mentions, position: int) -> tuple[Match, int] | None:
    """The entity mentioned starting exactly at ``position``, and where its mention ends."""
    return next(((match, end) for start, end, match in mentions if start == position), None)


def _subject(mentions, text: str, verb_start: int, sentence_start: int) -> Match | None:
    """The entity ending closest before the verb, with only a short clause in between."""
    before = [(start, end, match) for start, end, match in mentions if sentence_start <= start and end <= verb_start]
    if not before:
        return None
    start, end, match = max(before, key=lambda item: item[1])
    gap = text[end:verb_start]
    return match if len(gap) <= MAX_GAP and GAP.match(gap) else None


def _read_category(text: str, position: int, places: dict[str, Any]):
    """The category named at ``position`` ("the Palme d'Or", "Best Actor", "the Oscar for Best Actor"): its
    candidates (ids), the ceremony the words named (or None) and where the name ends."""
    rest = text[position:]
    if article := ARTICLE.match(rest):
        rest, position = rest[article.end() :], position + article.end()
    named_ceremony = None
    for ceremony_id, ceremony in places["ceremonies"].items():
        name = _starts_with(rest, _ceremony_names(ceremony))
        after = re.match(r"\s+(?:award\s+)?for\s+", rest[len(name) :], re.IGNORECASE) if name else None
        if after:
            named_ceremony = ceremony_id
            skip = len(name) + after.end()
            rest, position = rest[skip:], position + skip
            break
    best, candidates = "", []
    for category in places["categories"]:
        if named_ceremony and category["ceremony"] != named_ceremony:
            continue
        name = _starts_with(rest, category["names"])
        if name and len(name) > len(best):
            best, candidates = name, [category]
        elif name and len(name) == len(best):
            candidates.append(category)
    return candidates, named_ceremony, position + len(best)


def _read_edition(text: str, position: int, places: dict[str, Any]):
    """ "at the 88th Academy Awards", "at Cannes", "at the 2016 Golden Globes" after the category: the ceremony id,
    the ordinal or year named, and where it ends; (None, None, None, position) when nothing follows."""
    rest = text[position:]
    at = re.match(r"\s+(?:at|in)\s+(?:the\s+)?", rest, re.IGNORECASE)
    if not at:
        return None, None, None, position
    rest = rest[at.end() :]
    consumed = at.end()
    number = year = None
    if found := ORDINAL.match(rest):
        number, rest, consumed = int(found.group(1)), rest[found.end() :], consumed + found.end()
    elif found := YEAR.match(rest):
        year, rest, consumed = int(found.group(1)), rest[found.end() :], consumed + found.end()
    for ceremony_id, ceremony in places["ceremonies"].items():
        name = _starts_with(rest, ceremony["names"])
        if name:
            end = consumed + len(name)
            if year is None and (found := re.match(r"\s+(?:in\s+)?((?:19|20)\d\d)\b", rest[len(name) :])):
                year, end = int(found.group(1)), end + found.end()
            return ceremony_id, number, year, position + end
    return None, None, None, position


class _Sentence:
    """A stretch of the text, with ``re.Match``'s ``start``, ``end`` and ``group``."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start : self._end]


def _sentences(text: str) -> list[_Sentence]:
    found, start = [], 0
    for end in SENTENCE_END.finditer(text):
        found.append(_Sentence(text, start, end.end()))
        start = end.end()
    if start < len(text):
        found.append(_Sentence(text, start, len(text)))
    return found


def _statement_parts(text: str, mentions, places) -> list[dict[str, Any]]:
    """Every (subject, category, ceremony, edition hints, title) the text states, before editions are resolved."""
    parts = []
    for sentence in _sentences(text):
        for verb in re.finditer(rf"\b(?:{WON.pattern}|{NOMINATED.pattern})", sentence.group(), re.IGNORECASE):
            verb_start, verb_end = sentence.start() + verb.start(), sentence.start() + verb.end()
            subject = _subject(mentions, text, verb_start, sentence.start())
            if subject is None:
                continue
            candidates, named, position = _read_category(text, verb_end, places)
            candidates = [c for c in candidates if c["honours"] == subject.entity_type]
            title = None
            if candidates and subject.entity_type not in TITLE_KINDS:
                for_title = re.match(r"\s+for\s+", text[position:], re.IGNORECASE)
                found = _entity_at(mentions, position + for_title.end()) if for_title else None
                if found is not None and found[0].entity_type in TITLE_KINDS:
                    title, position = found
            ceremony, number, year, position = _read_edition(text, position, places)
            if ceremony is not None and named is not None and ceremony != named:
                continue
            ceremony = ceremony or named
            if ceremony is not None:
                candidates = [c for c in candidates if c["ceremony"] == ceremony]
            if len(candidates) != 1:
                continue  # unknown, or a category several ceremonies give and the sentence names none
            parts.append(
                {
                    "subject": subject,
                    "category": candidates[0],
                    "title": title,
                    "number": number,
                    "year": year,
                    "won": bool(WON.match(verb.group())),
                    "start": sentence.start(),
                    "end": sentence.end(),
                    "explicit": number is not None or year is not None,
                }
            )
    return parts


def _edition_for(part: dict[str, Any], places: dict[str, Any], years: dict[int, int | None]) -> dict | None:
    """The one edition the statement is about: named by ordinal or year, or else inferred from the film's year."""
    ceremony = part["category"]["ceremony"]
    editions = [edition for edition in places["editions"] if edition["ceremony"] == ceremony]
    if part["number"] is not None:
        editions = [edition for edition in editions if edition["number"] == part["number"]]
    elif part["year"] is not None:
        editions = [edition for edition in editions if edition["year"] == part["year"]]
    else:
        film = part["subject"] if part["subject"].entity_type == "film" else part["title"]
        year = years.get(film.entity_id) if film is not None and film.entity_type == "film" else None
        if year is None:
            return None
        festival = places["ceremonies"][ceremony]["kind"] == "festival"
        editions = [edition for edition in editions if edition["year"] == (year if festival else year + 1)]
    return editions[0] if len(editions) == 1 else None


def find(text: str, matches: Sequence[Match]) -> list[statements.Statement]:
    """The nominations and wins the text states that the database does not hold yet."""
    text = _normalise(text or "")
    mentions = _mentions(matches)
    if not mentions or not TRIGGER.search(text):
        return []
    places = gazetteer()
    if not places["categories"]:
        return []
    parts = _statement_parts(text, mentions, places)
    if not parts:
        return []
    films = {
        film.entity_id
        for part in parts
        if not part["explicit"]
        for film in (part["subject"], part["title"])
        if film is not None and film.entity_type == "film"
    }
    years = dict(Film.objects.filter(pk__in=films).values_list("pk", "year")) if films else {}
    found: dict[tuple, statements.Statement] = {}
    for part in parts:
        edition = _edition_for(part, places, years)
        if edition is None:
            continue
        subject, title, category = part["subject"], part["title"], part["category"]
        payload = {
            "edition": edition["id"],
            "category": category["id"],
            subject.entity_type: subject.entity_id,
            **({title.entity_type: title.entity_id} if title else {}),
            "won": part["won"],
        }
        name = f"{subject.name} for {title.name}" if title else subject.name
        verb = "won" if part["won"] else "nominated for"
        label = f"{name} — {verb} {category['name']}, {edition['title']}"
        key = tuple(sorted((k, v) for k, v in payload.items() if k != "won"))
        if key in found and not part["won"]:
            continue  # "won" beats "nominated" for the same nomination
        found[key] = statements.Statement(
            kind=KIND,
            label=label,
            payload=payload,
            confidence=0.9 if part["explicit"] else 0.75,
            evidence=text[part["start"] : part["end"]].strip(),
            start=part["start"],
            end=part["end"],
        )
    return _not_recorded(list(found.values()))


def _not_recorded(found: list[statements.Statement]) -> list[statements.Statement]:
    """Leave out what is recorded already (a win recorded, or a nomination when the text says nominated)."""
    if not found:
        return []
    recorded = {
        (row[0], row[1], *row[2:6]): row[6]
        for row in AwardNomination.objects.filter(
            edition_id__in={s.payload["edition"] for s in found}, category_id__in={s.payload["category"] for s in found}
        ).values_list("edition_id", "category_id", "film_id", "series_id", "person_id", "studio_id", "won")
    }
    kept = []
    for statement in found:
        key = (statement.payload["edition"], statement.payload["category"], *_sides(statement.payload))
        if key in recorded and (recorded[key] or not statement.payload["won"]):
            continue
        kept.append(statement)
    return kept


def _sides(payload: dict[str, Any]) -> tuple:
    return tuple(payload.get(kind) for kind in HONOURED_KINDS)


def _row_sides(row: AwardNomination) -> tuple:
    return tuple(getattr(row, f"{kind}_id") for kind in HONOURED_KINDS)


def _id(payload: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = payload.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(f"The statement's {name} is not valid.")
    return value


def add(payload: dict[str, Any], user) -> str:
    """Record the nomination or win, checked as the admin checks an edition's rows; a nomination already recorded
    becomes a win when the statement says it won."""
    if not isinstance(payload, dict):
        raise ValidationError("The statement is not valid.")
    edition_id, category_id = _id(payload, "edition", required=True), _id(payload, "category", required=True)
    sides = {kind: _id(payload, kind) for kind in HONOURED_KINDS}
    won = payload.get("won", False)
    if not isinstance(won, bool):
        raise ValidationError("The statement's won is not valid.")
    with transaction.atomic():
        edition = AwardEdition.objects.select_related("ceremony").select_for_update().filter(pk=edition_id).first()
        category = AwardCategory.objects.filter(pk=category_id).first()
        if edition is None or category is None:
            raise ValidationError("That award edition or category no longer exists.")
        entities = {}
        for kind, pk in sides.items():
            if pk is not None:
                entity = KINDS.get(kind).model.objects.public().filter(pk=pk).first()
                if entity is None:
                    raise ValidationError(f"That {kind} no longer exists.")
                entities[kind] = entity
        rows = list(edition.nominations.select_related("category", *HONOURED_KINDS))
        wanted = _sides(sides)
        same = next((row for row in rows if row.category_id == category.pk and _row_sides(row) == wanted), None)
        if same is not None:
            if same.won or not won:
                return f"Already recorded: {same.label}, {edition.title}."
            same.won = True
            edition.check_nominations(rows)
            same.save(update_fields=["won"])
            return f"Recorded the win: {same.label}, {edition.title}."
        row = AwardNomination(edition=edition, category=category, won=won, **entities)
        row.sort_order = (edition.nominations.aggregate(last=Max("sort_order"))["last"] or 0) + 1
        row.full_clean()
        edition.check_nominations([*rows, row])
        row.save()
    return f"Recorded: {row.label} ({'won' if won else 'nominated'}), {edition.title}."


FINDER = statements.register(
    statements.Finder(
        kind=KIND,
        label="Awards",
        find=find,
        add=add,
        permission="articles.add_awardnomination",
        order=30,
    )
)

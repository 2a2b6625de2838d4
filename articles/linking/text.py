"""Text folding for name lookup, and the word lists and cues the matcher and candidate finder share."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(text.split())


# Frequent English words that also serve as names (studios, people's first names, film titles). A one-word name
# from this list needs context to match; none of them becomes a short form.
COMMON_WORDS = word_set(
    """
    a about above across act action after again against age ago air all allied also always am among an and another
    any are around art as at away back bad be beauty because become been before being below best better between
    big bill black blue body both boy brave bright but by call can cast change child city close cold come could
    country court cut dark day dead deal dear did do does done down dream drive each early earth east end even
    ever every face fair faith fall far fast father few field fight film final fire first five flight focus for
    force four free friend from front full game get gift girl give glory go gold good grace grand grant great
    green ground group growth had half hand happy hard has have he head heart her here hero high him his home hope
    hot hour house how human i if in into is it its job joy just keep key kid kind king land large last late law
    lead legend legendary less let life light like line little live long look lord lost love low made main make
    man many mark may me media men might mind miss money more most mother move movie much must my name nation near
    need never new news next night nine no north not nothing now of off old on once one only open or order other
    our out over own page paramount part partner partners party past peace people picture pictures place plan play
    point power present pretty prime pure queen quest question real red rest right rise river road rock room rose
    run said same say sea second see seven she shot show side sign silver six small so some son sound south
    special spring star start state still stone story studio studios summer summit sun sure take ten than that the
    their them then there these they thing this those three through time to today together top true truth two
    under united universal up upon us very view wall war was water way we well were west what when where which
    while white who why will wind winter with woman women word work world year yes yet you young your
    """
)

# Words before a one-word title that say it is a film or series.
FILM_CUES_BEFORE = word_set(
    "film films movie movies picture feature title blockbuster thriller drama comedy actioner sequel "
    "prequel remake documentary series show franchise musical romcom horror release"
)
# Phrases after a one-word title that say it is a film.
FILM_CUES_AFTER = re.compile(
    r"^\s*(?:[,)]\s*)?(?:will\s+be\s+(?:directed|produced|released|shot)|is\s+(?:directed|produced|set|slated)"
    r"|was\s+(?:directed|produced|released)|directed\s+by|produced\s+by|starring|stars\b|opens\b|premieres\b"
    r"|grossed\b|hits\s+theaters|is\s+scheduled|will\s+hit|will\s+open)",
    re.IGNORECASE,
)
TYPE_CUES_BEFORE = {
    "studio": word_set("studio studios company distributor label banner outfit streamer firm"),
    "person": word_set(
        "director producer actor actress star superstar writer screenwriter executive chairman ceo founder "
        "president attorney agent filmmaker"
    ),
    "film": FILM_CUES_BEFORE,
}

OPENING_QUOTES = "\"'“‘«"
CLOSING_QUOTES = "\"'”’»"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
# Characters that separate the words of a name; "Kim Soo-hyun" and "Kim Soo Hyun" normalise alike, as do
# "Mission: Impossible" and "Mission Impossible".
_SEPARATORS = frozenset(" \t\r\n\f\v\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014\u2015:_/")


_FOLD = {**_APOSTROPHES, **str.maketrans(dict.fromkeys(_SEPARATORS, " "))}
_SPACE_RUNS = re.compile(" +")


def normalize(text: str) -> tuple[str, list[int], list[int]]:
    """Fold case, quotes and separators; return the folded text and each folded character's source span."""
    translated = text.translate(_FOLD)
    lowered = translated.lower()
    if len(lowered) != len(translated):
        return _normalize_slowly(translated)
    # One folded character per source character, except that runs of separators become one space.
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for run in _SPACE_RUNS.finditer(lowered):
        first, stop = run.span()
        pieces.append(lowered[position:first])
        starts.extend(range(position, first))
        ends.extend(range(position + 1, first + 1))
        if starts and stop < len(lowered):  # no leading or trailing space
            pieces.append(" ")
            starts.append(first)
            ends.append(stop)
        position = stop
    pieces.append(lowered[position:])
    starts.extend(range(position, len(lowered)))
    ends.extend(range(position + 1, len(lowered) + 1))
    return "".join(pieces), starts, ends


def _normalize_slowly(translated: str) -> tuple[str, list[int], list[int]]:
    """The same, for text with characters whose lower case is longer (such as "İ")."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space = False
    for index, char in enumerate(translated):
        if char == " ":
            if out and not pending_space:
                pending_space = True
                out.append(" ")
                starts.append(index)
                ends.append(index + 1)
            elif pending_space:
                ends[-1] = index + 1
            continue
        pending_space = False
        for folded in char.lower():
            out.append(folded)
            starts.append(index)
            ends.append(index + 1)
    if pending_space:  # no trailing separator in the folded text
        out.pop()
        starts.pop()
        ends.pop()
    return "".join(out), starts, ends


def name_key(name: str) -> str:
    """The folded form a name is looked up by."""
    return normalize(name)[0].strip()

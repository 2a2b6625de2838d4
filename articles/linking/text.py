"""Text folding for name lookup, and the word lists and cues the matcher and candidate finder share."""

from __future__ import annotations

import functools
import re

from anyascii import anyascii


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
# Kinds whose names are titles: a one-word title ("Saw", "Wednesday") is often a plain word and needs context.
TITLE_KINDS = frozenset({"film", "series"})
TYPE_CUES_BEFORE = {
    "studio": word_set("studio studios company distributor label banner outfit streamer firm"),
    "person": word_set(
        "director producer actor actress star superstar writer screenwriter executive chairman ceo founder "
        "president attorney agent filmmaker"
    ),
    "film": FILM_CUES_BEFORE,
    "series": word_set("series miniseries mini-series docuseries sitcom telenovela"),
}

OPENING_QUOTES = "\"'“‘«"
CLOSING_QUOTES = "\"'”’»"

_APOSTROPHES = frozenset("’‘`´")
_DOUBLE_QUOTES = frozenset("“”„«»")
# Characters that separate the words of a name; "Kim Soo-hyun" and "Kim Soo Hyun" normalise alike, as do
# "Mission: Impossible" and "Mission Impossible".
_SEPARATORS = frozenset(" \t\r\n\f\v\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014\u2015:_/")
_DROPPED = frozenset(".\u00ad")  # full stops ("J.R.R.", "Bros.") and soft hyphens fold to nothing


@functools.lru_cache(maxsize=8192)
def _fold(char: str) -> str:
    """One character folded: lower case, accents and other scripts in ASCII letters, separators as a space."""
    if char in _SEPARATORS:
        return " "
    if char in _DROPPED:
        return ""
    if char in _APOSTROPHES:
        return "'"
    if char in _DOUBLE_QUOTES:
        return '"'
    if char.isascii():
        return char.lower()
    return anyascii(char).lower()


def normalize(text: str) -> tuple[str, list[int], list[int]]:
    """Fold case, accents ("Cuarón" → "cuaron"), quotes, full stops and separators, and write initials alike
    ("J. R. R.", "J.R.R." and "JRR" → "jrr"); return the folded text and each folded character's source span."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    space: list[int] | None = None  # source span of a pending run of separators
    for index, char in enumerate(text):
        for folded in _fold(char):
            if folded == " ":
                if space is None:
                    space = [index, index + 1]
                else:
                    space[1] = index + 1
                continue
            if space is not None:
                if out:  # no leading space
                    out.append(" ")
                    starts.append(space[0])
                    ends.append(space[1])
                space = None
            out.append(folded)
            starts.append(index)
            ends.append(index + 1)
    return _join_initials(out, starts, ends)


def _join_initials(out: list[str], starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """Drop the spaces inside a run of single letters: "j r r tolkien" → "jrr tolkien"."""
    folded = "".join(out)
    if not _SPACED_INITIALS.search(folded):
        return folded, starts, ends
    keep = [True] * len(out)
    for run in _SPACED_INITIALS.finditer(folded):
        for offset in range(run.start() + 1, run.end(), 2):
            keep[offset] = False
    return (
        "".join(c for c, k in zip(out, keep, strict=True) if k),
        [s for s, k in zip(starts, keep, strict=True) if k],
        [e for e, k in zip(ends, keep, strict=True) if k],
    )


_SPACED_INITIALS = re.compile(r"(?<!\S)[a-z](?: [a-z])+(?!\S)")  # not "soo's a": an initial stands alone


def name_key(name: str) -> str:
    """The folded form a name is looked up by, without a leading "the" ("The Matrix" and "Matrix" alike)."""
    key = normalize(name)[0].strip()
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    return key


def shape(text: str) -> str:
    """A name as written, case kept, with accents, full stops and separators folded away: compares "JRR" with
    "J. R. R." and "Shogun" with "Shōgun" while "GoldenEye" and "Goldeneye" stay apart."""
    return "".join(_SHAPE_PART.findall(anyascii(text)))


_SHAPE_PART = re.compile(r"[^\W_]+|['\"&+!?]")


def words_of(text: str) -> list[str]:
    """The words of a name as written, accents folded and single-letter initials joined: ["JRR", "Tolkien"]."""
    words: list[str] = []
    initials = False  # the last word is made of single letters
    for token in _WORD_PART.findall(anyascii(text).replace(".", "")):
        if len(token) == 1 and token.isupper() and initials:
            words[-1] += token
            continue
        words.append(token)
        initials = len(token) == 1 and token.isupper()
    return words


_WORD_PART = re.compile(r"[^\W_]+")

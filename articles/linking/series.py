"""What says a title is a TV series rather than a film: the words of its own sentence right around it.

Shared by the candidate finder (a new name typed as a series, with the rule as evidence) and the matcher (a known
one-word series counts only with context, as a one-word film does). Precision first: a film is the default for a
title, and only words that television alone uses make it a series: "the HBO series", "the limited series",
"showrunner of", "season two of", "renewed", "'s fifth season", "returns for a fifth season", ", which ran six
seasons", "won outstanding drama series". Not "series" after a film's name ("the Evil Dead series" is a film
franchise), not "show" alone ("the trade show"), not a possessive owner alone ("Netflix's The Power of the Dog"
is a film), not "episode" before a title (an episode's title is neither).
"""

from __future__ import annotations

import re

_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|final|last|new|next|"
    r"latest|upcoming|debut|opening|sophomore|freshman|\d+(?:st|nd|rd|th))"
)
_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_TV = r"(?:TV|television|streaming|network|cable)"
# A series noun, with what may stand before "show" and what may not before "series" ("the film series",
# "the book series": other things come in series too).
_SERIES_NOUN = (
    r"(?i:(?<!film )(?<!movie )(?<!book )(?<!novel )(?<!comic )(?<!game )(?<!racing )(?<!concert )series|"
    r"mini-?series|docu-?series|sitcom|telenovela|soap\s+opera|k-drama|"
    rf"{_TV}\s+(?:drama|comedy|thriller|adaptation|spin-?off)|"
    rf"(?:{_TV}|hit|comedy|drama|talk|game|reality|sketch|animated|variety|late-night|cooking)\s+show)"
)
# Words between a cue and the name: "renewed its hit Wednesday", "the showrunner of the acclaimed Severance".
_FILLERS = r"(?:(?:the|its|their|his|her|hit|acclaimed|popular|beloved|long-running|freshman|sophomore)\s+){0,3}"

_BEFORE = (
    # "the HBO series The Last of Us", "the limited series Beef", "her TV drama My Love from the Star"
    re.compile(rf"\b(?:[\w+'’-]+\s+)?{_SERIES_NOUN}\s+[\"“‘']?$"),
    # "the showrunner of Severance", "season two of The Bear", "the fifth season of Stranger Things"
    re.compile(
        rf"\b(?:(?:co-)?showrunners?|{_ORDINAL}\s+seasons?|seasons?\s+{_NUMBER}|{_NUMBER}\s+seasons|"
        rf"episodes|(?:season|series)\s+(?:finale|premiere))\s+of\s+{_FILLERS}[\"“‘']?$",
        re.IGNORECASE,
    ),
    # "and on television The Handmaid's Tale"
    re.compile(rf"\b(?:on|for|to)\s+(?:TV|television)\s*,?\s+{_FILLERS}[\"“‘']?$"),
    # "the streamer renewed Wednesday", "Netflix has renewed its hit Bridgerton"
    re.compile(rf"\b(?:renewed|renews|renewing|re-upped)\s+{_FILLERS}[\"“‘']?$", re.IGNORECASE),
)
_AFTER = (
    # "Succession's fourth and final season", "Stranger Things' fifth season", "The Bear season three"
    re.compile(
        rf"^(?:['’]s?\s+{_ORDINAL}\s+(?:(?:and|or)\s+{_ORDINAL}\s+)?(?:seasons?|series\s+finale)|"
        rf"(?:['’]s?)?\s+[Ss]eason\s+{_NUMBER})\b(?!-)",
    ),
    # "Stranger Things returns for a fifth season", "The Bear was renewed for a fourth season"
    re.compile(
        rf"^['\"”’]?\s+(?:[a-z][\w'’-]*\s+){{0,4}}?for\s+(?:a|an|its|their)?\s*(?:{_ORDINAL}|{_NUMBER}|another)"
        rf"\s+(?:(?:and\s+{_ORDINAL}|more)\s+)?seasons?\b"
    ),
    # "Severance was renewed", "The Bear has been renewed"
    re.compile(r"^['\"”’]?\s+(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|got|gets|will\s+be)\s+)?renewed\b"),
    # "Vikings, which ran six seasons on History"; "Squid Game, now in its second season"
    re.compile(
        rf"^['\"”’]?,?\s+(?:(?:which|that)\s+(?:[a-z][\w'’-]*\s+){{0,3}}?(?:{_NUMBER}\s+)?(?:seasons|episodes)|"
        rf"(?:now\s+)?in\s+its\s+{_ORDINAL}\s+season|which\s+(?:airs|aired|has\s+aired|streams)\b)"
    ),
    # ", its Addams Family series", ", the HBO limited series", ", a Korean sitcom"
    re.compile(
        r"^['\"”’]?,\s+(?:the|a|an|its|his|her|their|(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w'’+-]*['’]s?)\s+"
        rf"(?:(?!(?:who|whose|which|that)\b)[\w'’+-]+\s+){{0,4}}?{_SERIES_NOUN}\b",
    ),
    # "Succession won outstanding drama series", "Beef swept the limited series categories", "second only to
    # Stranger Things 4 among English-language series"
    re.compile(
        r"^\s+(?:(?:[a-z][\w'’-]*\s+){1,4}?(?:drama|comedy|limited|anthology|TV|television|animated|streaming)"
        r"\s+series|among\s+(?:[\w'’-]+\s+){0,3}?(?:series|shows)(?=[\s,.;:]|$))"
    ),
)


def series_cue(before: str, after: str) -> str | None:
    """The words that make a title a TV series, given the text of its sentence before and after it ("the HBO
    series ", " returns for a fifth season"), as a short rule; None when nothing does. An owner's possessive after
    the name ("renewed Jimmy Kimmel's contract") leaves a cue before it unused."""
    after = after.lstrip('"”»')
    owner = re.match(r"^['’]s?\s", after) is not None
    for pattern in _BEFORE:
        found = pattern.search(before)
        if found and not owner:
            return " ".join(found.group().rstrip("\"“‘' ").split()) + " …"
    for pattern in _AFTER:
        found = pattern.match(after)
        if found:
            words = " ".join(found.group().split())
            return "…" + ("" if words[:1] in ",'’" else " ") + words
    return None


# Words only television uses, anywhere in a sentence (not "season" alone: awards season; not "series" alone: a film
# franchise).
_TV_WORDS = re.compile(
    rf"\b(?:mini-?series|docu-?series|sitcom|showrunners?|episodes?|{_ORDINAL}\s+seasons?|seasons|"
    rf"season\s+{_NUMBER}|renew(?:ed|s|al|ing)|(?:drama|comedy|limited|anthology|TV|television|streaming|animated)\s+"
    r"series|(?:of|on)\s+television|series\s+on\s+(?:the|a|its|their)\s+(?:service|streamer|network|platform|channel))\b",
    re.IGNORECASE,
)
# An owner's possessive ("FX's") or a genre that films and series share ("its Korean drama") right before a title.
_SHARED_BEFORE = re.compile(r"(?:[A-Z][\w.+&'’-]*['’]s?|\b(?i:drama|comedy|thriller|satire|show|hit))\s+[\"“‘']?$")


def titled_in_tv_sentence(before: str, after: str) -> str | None:
    """A title after an owner's possessive or a shared genre in a sentence that speaks of television ("FX's Shōgun
    won 18 Emmy Awards, the most ever for a single season of television"): the words that do; None otherwise. For a
    name already known to be a title: a possessive or "drama" alone names a film as often as a series."""
    shared = _SHARED_BEFORE.search(before)
    if shared is None:
        return None
    found = _TV_WORDS.search(before) or _TV_WORDS.search(after)
    if found is None:
        return None
    return f"“{shared.group().strip()}” in a sentence with “{' '.join(found.group().split())}”"


# An episode's title is neither a film nor a series: the episode "Crimson Sky", the finale, "With Open Eyes".
_EPISODE_BEFORE = re.compile(r"\b(?:episode|episodes|finale|pilot)\s*,?\s+[\"“‘']?$", re.IGNORECASE)


def episode_title(before: str) -> bool:
    """The name follows "the episode", "the finale," or "the pilot": an episode's title."""
    return _EPISODE_BEFORE.search(before) is not None

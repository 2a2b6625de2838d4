"""A fingerprint of each story's text, so near-identical stories are found through an index instead of a scan.

A 64-bit simhash of the story's text (standfirst and body, not the headline, which a republisher rewrites first)
over word 3-shingles: near-identical texts differ in a few bits. It is stored in four 16-bit bands, each indexed; two
texts within 3 bits of each other share at least one band exactly (pigeonhole), and most within ``NEAR_BITS`` do,
so a lookup is four indexed equality matches and the distance is checked on the few rows found. ``digest`` (of the
headline and text) tells an unchanged re-import from an updated one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from django.db import models

from .pages import ArticlePage

BANDS = 4
BAND_BITS = 64 // BANDS
NEAR_BITS = 6  # at most this many differing bits is "near-identical": a reworded sentence in a short story
SHINGLE = 3
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def text_digest(text: str) -> str:
    """The same for two texts that differ only in case, punctuation and spacing."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8", "surrogatepass")).hexdigest()


def simhash(text: str) -> int:
    """A 64-bit simhash (unsigned) of the text's word shingles; 0 for a text without words."""
    tokens = words(text)
    if not tokens:
        return 0
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    # One 64-character bit string per shingle; counting the ones per column is done in C by str.count.
    bits = [
        format(int.from_bytes(hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest()), "064b")
        for s in shingles
    ]
    half = len(bits) / 2
    return int("".join("1" if column.count("1") > half else "0" for column in map("".join, zip(*bits, strict=True))), 2)


def bands(value: int) -> list[int]:
    """The four 16-bit bands of a simhash, highest first."""
    mask = (1 << BAND_BITS) - 1
    return [(value >> (BAND_BITS * (BANDS - 1 - n))) & mask for n in range(BANDS)]


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def _signed(value: int) -> int:
    """An unsigned 64-bit value as the signed one a BigIntegerField holds."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def page_text(page: ArticlePage) -> str:
    """Standfirst and the body's words, as search indexing reads them."""
    body = page.body.stream_block.get_searchable_content(page.body) if page.body else []
    return "\n\n".join(part for part in (page.standfirst, *body) if part)


class TextFingerprintQuerySet(models.QuerySet):
    def sharing_a_band(self, values: Iterable[int]) -> TextFingerprintQuerySet:
        """Fingerprints sharing at least one band with any of these simhashes (four indexed lookups)."""
        values = list(values)
        if not values:
            return self.none()
        by_band = [sorted({bands(value)[n] for value in values}) for n in range(BANDS)]
        query = models.Q()
        for n, wanted in enumerate(by_band):
            query |= models.Q(**{f"band{n}__in": wanted})
        return self.filter(query)


class TextFingerprint(models.Model):
    """The fingerprint of a story's latest imported or published text."""

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="text_fingerprint"
    )
    simhash_signed = models.BigIntegerField()
    band0 = models.IntegerField(db_index=True)
    band1 = models.IntegerField(db_index=True)
    band2 = models.IntegerField(db_index=True)
    band3 = models.IntegerField(db_index=True)
    digest = models.CharField(max_length=64)

    objects = TextFingerprintQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.article_id}: {self.simhash:016x}"

    @property
    def simhash(self) -> int:
        return _unsigned(self.simhash_signed)

    @classmethod
    def remember(cls, article_id: int, *, headline: str, text: str, new: bool = False) -> TextFingerprint:
        """Store (or replace) the fingerprint of this story's text; ``new``: the story has none yet."""
        value = simhash(text)
        fields = {f"band{n}": band for n, band in enumerate(bands(value))}
        fields |= {"simhash_signed": _signed(value), "digest": text_digest(f"{headline}\n\n{text}")}
        if new:
            return cls.objects.create(article_id=article_id, **fields)
        return cls.objects.update_or_create(article_id=article_id, defaults=fields)[0]

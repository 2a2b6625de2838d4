"""Syndication partners: who may read the full text of stories in the feeds, each with a token of its own.

Only a SHA-256 hash of the token is stored. Tokens are 256 random bits, so a fast hash is as safe as a slow one
here and can be looked up through an index; the token itself is shown once, when it is issued or rotated.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import models

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 200  # longer values are refused before hashing


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class PartnerQuerySet(models.QuerySet):
    def for_token(self, token: str) -> Partner | None:
        """The active partner holding this token, or None."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        return self.filter(active=True, token_hash=hash_token(token)).first()


class Partner(models.Model):
    """A publisher or app that takes our stories in full through the feeds."""

    name = models.CharField(max_length=150, unique=True)
    active = models.BooleanField(default=True, help_text="Inactive partners' tokens are refused.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(
        max_length=8, blank=True, editable=False, help_text="The token's first characters, to tell tokens apart."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    token_issued_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def issue_token(self) -> str:
        """Give the partner a new token (the old one stops working once saved) and return it: it is never stored."""
        from django.utils import timezone

        token = secrets.token_urlsafe(TOKEN_BYTES)
        self.token_hash = hash_token(token)
        self.token_hint = token[:6]
        self.token_issued_at = timezone.now()
        return token

"""Readers following studios, people, films, series, authors, tags and topics by email (issue #20 item 3).

A ``Follower`` is an email address and nothing else about the person: how often they want news, when they
confirmed, when they were last written to. Its ``token`` is the key to everything they can do (confirm, manage,
unsubscribe), sent only to the address itself. Unsubscribing deletes the follower and what they follow.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone

# What a reader can follow: the registry's kinds (studio, person, film, series, author, tag) and topics.
TOPIC = "topic"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Follower(models.Model):
    class Frequency(models.TextChoices):
        INSTANT = "instant", "As stories are published"
        DAILY = "daily", "A daily digest"

    email = models.EmailField(unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When the last confirmation request went out (requests are throttled) and the last digest (stories published
    # after it are news to this follower).
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["frequency", "confirmed_at"])]

    def __str__(self) -> str:
        return self.email

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class Follow(models.Model):
    """One thing a follower follows; ``confirmed`` once they confirmed it through the emailed link."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(max_length=20)  # a KINDS key or "topic"
    object_id = models.PositiveBigIntegerField()
    confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "kind", "object_id"], name="one_follow_per_thing"),
        ]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.follower} follows {self.kind} {self.object_id}"

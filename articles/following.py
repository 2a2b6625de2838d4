"""Follow anything (issue #20 item 3): a reader enters an email address on a studio, person, film, series, author,
tag or topic page, confirms it from the email (double opt-in, no account), and gets the new public stories about
what they follow — as they are published (at most one email per ``INSTANT_GAP``) or in a daily digest.

- The sign-up form sits on cached public pages, so it carries no CSRF token: the POST is exempt. The worst a
  forged sign-up can do is send one confirmation request to an address (at most one per ``CONFIRMATION_GAP``);
  nothing is followed until the address's owner confirms.
- Every email carries ``List-Unsubscribe`` with RFC 8058's one-click ``List-Unsubscribe-Post``; unsubscribing
  deletes the address and everything it followed. The emailed token is the only key to manage a subscription.
- Digests go out from the task worker: ``send_due_digests`` runs after a story is published and on every pass of
  ``manage.py worker``; each run writes to at most ``MAX_EMAILS_PER_RUN`` followers and each email lists at most
  ``MAX_STORIES`` stories, so a popular entity cannot flood the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_tasks import task
from wagtail.signals import page_published

from . import seo
from .models import KINDS, ArticlePage, Follow, Follower, StoryListing, TopicPage
from .models.follows import TOPIC

logger = logging.getLogger(__name__)

MAX_STORIES = 20
MAX_EMAILS_PER_RUN = 200
INSTANT_GAP = timedelta(minutes=15)
DAILY_GAP = timedelta(hours=23)  # a little under a day, so a worker pass at the same hour tomorrow sends it
CONFIRMATION_GAP = timedelta(minutes=10)
MAX_FOLLOWS = 200  # per address


# What can be followed ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Followed:
    kind: str
    pk: int
    name: str
    url: str


def followable_kinds() -> list[str]:
    return [kind.key for kind in KINDS] + [TOPIC]


def find_followed(kind: str, pk: int) -> Followed | None:
    """The public thing a follow names, or None (unknown kind, deleted, proposed, unpublished)."""
    if kind == TOPIC:
        topic = TopicPage.objects.live().public().filter(pk=pk).first()
        return Followed(TOPIC, topic.pk, topic.title, topic.url) if topic is not None else None
    if kind not in KINDS:
        return None
    linked = KINDS.get(kind)
    obj = linked.public(linked.model.objects.all()).filter(pk=pk).first()
    if obj is None:
        return None
    return Followed(kind, obj.pk, getattr(obj, "name", str(obj)), linked.url(obj.slug))


def describe_follows(follows: list[Follow]) -> list[tuple[Follow, Followed]]:
    """Each follow with what it names; follows of things no longer public are left out."""
    found = []
    for follow in follows:
        followed = find_followed(follow.kind, follow.object_id)
        if followed is not None:
            found.append((follow, followed))
    return found


# Signing up --------------------------------------------------------------------------------------------------


class FollowForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email address")
    frequency = forms.ChoiceField(choices=Follower.Frequency.choices, initial=Follower.Frequency.DAILY)
    kind = forms.CharField(max_length=20, widget=forms.HiddenInput)
    object_id = forms.IntegerField(min_value=1, max_value=2**53, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "kind" in data and "object_id" in data:
            self.followed = find_followed(data["kind"], data["object_id"])
            if self.followed is None:
                raise forms.ValidationError("There is nothing to follow here any more.")
        return data


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Sign up to follow one thing: the address gets a confirmation request (unless one went out just now)."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return _private(render(request, "following/signed_up.html", {"errors": errors}, status=400))
    data, followed = form.cleaned_data, form.followed
    with transaction.atomic():
        follower, created = Follower.objects.select_for_update().get_or_create(
            email=data["email"].strip().lower(), defaults={"frequency": data["frequency"]}
        )
        if follower.follows.count() >= MAX_FOLLOWS:
            return _private(
                render(
                    request,
                    "following/signed_up.html",
                    {"errors": [f"An address can follow at most {MAX_FOLLOWS} things."]},
                    status=400,
                )
            )
        Follow.objects.get_or_create(follower=follower, kind=followed.kind, object_id=followed.pk)
        now = timezone.now()
        pending = follower.follows.filter(confirmed=False).exists()
        recently = follower.confirmation_sent_at and now - follower.confirmation_sent_at < CONFIRMATION_GAP
        if pending and not recently:
            follower.confirmation_sent_at = now
            follower.save(update_fields=["confirmation_sent_at"])
            transaction.on_commit(lambda: send_confirmation.enqueue(follower.pk))
    # The same answer whether or not the address was known: the page reveals nothing about who follows what.
    return _private(render(request, "following/signed_up.html", {"followed": followed, "email": data["email"]}))


def _follower(token: str) -> Follower:
    follower = Follower.objects.filter(token=token[:64]).first() if token.isascii() else None
    if follower is None:
        raise Http404("This link is not valid any more: the address may have been unsubscribed.")
    return follower


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed confirmation link: a page with a button (mail scanners fetch links; only a person posts)."""
    follower = _follower(token)
    if request.method == "POST":
        with transaction.atomic():
            if follower.confirmed_at is None:
                follower.confirmed_at = timezone.now()
                follower.save(update_fields=["confirmed_at"])
            follower.follows.filter(confirmed=False).update(confirmed=True)
        return HttpResponseRedirect(reverse("articles:following", args=[follower.token]) + "?confirmed=1")
    pending = describe_follows(list(follower.follows.filter(confirmed=False)))
    return _private(render(request, "following/confirm.html", {"follower": follower, "pending": pending}))


class ManageForm(forms.Form):
    action = forms.ChoiceField(choices=[("frequency", ""), ("remove", ""), ("unsubscribe", "")])
    frequency = forms.ChoiceField(choices=Follower.Frequency.choices, required=False)
    follow = forms.IntegerField(min_value=1, max_value=2**53, required=False)


@never_cache
@require_http_methods(["GET", "POST"])
def following(request: HttpRequest, token: str) -> HttpResponse:
    """The "Following" page reached from every email: what the address follows, how often, and the way out."""
    follower = _follower(token)
    errors: list[str] = []
    if request.method == "POST":
        form = ManageForm(request.POST)
        if not form.is_valid():
            errors = ["That change was not understood; nothing was changed."]
        elif form.cleaned_data["action"] == "unsubscribe":
            follower.delete()
            return _private(render(request, "following/unsubscribed.html", {}))
        elif form.cleaned_data["action"] == "frequency" and form.cleaned_data["frequency"]:
            follower.frequency = form.cleaned_data["frequency"]
            follower.save(update_fields=["frequency"])
            return HttpResponseRedirect(request.path + "?saved=1")
        elif form.cleaned_data["action"] == "remove" and form.cleaned_data["follow"]:
            follower.follows.filter(pk=form.cleaned_data["follow"]).delete()
            return HttpResponseRedirect(request.path + "?saved=1")
        else:
            errors = ["That change was not understood; nothing was changed."]
    context = {
        "follower": follower,
        "follows": describe_follows(list(follower.follows.order_by("created_at"))),
        "frequencies": Follower.Frequency.choices,
        "errors": errors,
        "saved": request.GET.get("saved") == "1",
        "confirmed": request.GET.get("confirmed") == "1",
    }
    return _private(render(request, "following/manage.html", context, status=400 if errors else 200))


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058 one-click unsubscribe: a POST (from the mail client, without cookies or CSRF token) deletes the
    address and all it follows. A GET (a person clicking the link) asks first."""
    follower = Follower.objects.filter(token=token[:64]).first() if token.isascii() else None
    if request.method == "POST":
        if follower is not None:
            follower.delete()
        return _private(render(request, "following/unsubscribed.html", {}))
    if follower is None:
        return _private(render(request, "following/unsubscribed.html", {}))
    return _private(render(request, "following/unsubscribe.html", {"follower": follower}))


# Email -------------------------------------------------------------------------------------------------------


def _links(follower: Follower) -> dict[str, str]:
    def url(name: str) -> str:
        return seo.absolute_url(None, reverse(f"articles:{name}", args=[follower.token]))

    return {"manage_url": url("following"), "unsubscribe_url": url("unsubscribe"), "confirm_url": url("confirm")}


def _send(follower: Follower, subject: str, template: str, context: dict[str, Any]) -> None:
    links = _links(follower)
    context = {**context, **links, "follower": follower, "site_url": seo.site_root_url(None)}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[follower.email],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    message.send()


@task()
def send_confirmation(follower_id: int) -> bool:
    """Ask the address to confirm what it asked to follow."""
    follower = Follower.objects.filter(pk=follower_id).first()
    if follower is None:
        return False
    pending = describe_follows(list(follower.follows.filter(confirmed=False)))
    if not pending:
        return False
    names = ", ".join(followed.name for _, followed in pending[:3])
    _send(follower, f"Confirm: follow {names} on Newsroom", "confirm", {"pending": pending})
    return True


def stories_for(follower: Follower, since) -> list[ArticlePage]:
    """The public stories first published after ``since`` about anything the follower confirmed, newest first."""
    condition = Q()
    for follow in follower.follows.filter(confirmed=True):
        condition |= Q(kind=follow.kind, key=follow.object_id)
    if not condition:
        return []
    ids = StoryListing.objects.filter(condition).values("article_id")
    stories = ArticlePage.objects.published().filter(pk__in=ids, first_published_at__gt=since)
    return list(stories.order_by("-first_published_at")[:MAX_STORIES])


def due_followers(now) -> list[Follower]:
    """Confirmed addresses whose gap since their last email has passed, longest waiting first, at most a run's."""
    # A daily follower's first digest comes a day after they confirmed; an instant one's with the next story.
    queryset = Follower.objects.filter(confirmed_at__isnull=False).annotate(
        since=Coalesce("last_sent_at", "confirmed_at")
    )
    due = Q(frequency=Follower.Frequency.INSTANT) & (Q(last_sent_at__isnull=True) | Q(since__lte=now - INSTANT_GAP))
    due |= Q(frequency=Follower.Frequency.DAILY, since__lte=now - DAILY_GAP)
    return list(queryset.filter(due).order_by("since", "pk")[:MAX_EMAILS_PER_RUN])


def send_digest(follower: Follower, now) -> bool:
    since = max(filter(None, (follower.last_sent_at, follower.confirmed_at)))
    stories = stories_for(follower, since)
    if not stories:
        return False
    follows = describe_follows(list(follower.follows.filter(confirmed=True)))
    names = ", ".join(followed.name for _, followed in follows[:3]) + ("…" if len(follows) > 3 else "")
    count = f"{len(stories)} new {'story' if len(stories) == 1 else 'stories'}"
    stories_with_urls = [(story, seo.absolute_url(None, story.url)) for story in stories]
    _send(follower, f"{count} about {names}", "digest", {"stories": stories_with_urls, "follows": follows})
    follower.last_sent_at = now
    follower.save(update_fields=["last_sent_at"])
    return True


@task()
def send_due_digests() -> int:
    """Email every due follower their new stories; returns how many emails went out."""
    now = timezone.now()
    sent = 0
    for follower in due_followers(now):
        try:
            sent += send_digest(follower, now)
        except OSError:
            # The mail server is down: stop this run; the next one (worker pass, next publish) tries again.
            logger.exception("Digest to follower %s not sent", follower.pk)
            break
    return sent


def _queue_digests() -> None:
    send_due_digests.enqueue()


@receiver(page_published)
def digests_after_publishing(sender, instance, **kwargs) -> None:
    """A story published: instant followers of what it is about hear of it (within their gap)."""
    if isinstance(instance, ArticlePage) and Follower.objects.filter(confirmed_at__isnull=False).exists():
        transaction.on_commit(_queue_digests)

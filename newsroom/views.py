"""Wagtail's page-password view, throttled and with a safe fallback for a bad return_url."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from .throttle import FailureCounter


def authenticate_with_password(request: HttpRequest, page_view_restriction_id: int, page_id: int) -> HttpResponse:
    """Wagtail's view, refused with 429 after too many wrong passwords for a restriction from one client address.

    Wagtail sends a return_url that is not a path on this site to LOGIN_REDIRECT_URL, or to a 500 for one that
    looks like a URL name; here it goes to the restricted page.
    """
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    counter = FailureCounter.for_request(
        request,
        f"page-password:{restriction.pk}",
        limit=settings.NEWSROOM_PAGE_PASSWORD_FAILURE_LIMIT,
        window_seconds=settings.NEWSROOM_PAGE_PASSWORD_WINDOW_SECONDS,
    )
    if counter.is_blocked():
        context = {
            "attempts": "passwords for this page",
            "cooloff_timedelta": timedelta(seconds=counter.window_seconds),
        }
        return render(request, "account/locked_out.html", context, status=429)

    data = request.POST.copy()
    return_url = data.get("return_url", "")
    if not is_site_path(return_url):
        data["return_url"] = page.get_url(request) or "/"
    form = PasswordViewRestrictionForm(data, instance=restriction)
    if not form.is_valid():
        counter.fail()
        return page.serve_password_required_response(request, form, request.path)
    counter.reset()
    restriction.mark_as_passed(request)
    return HttpResponseRedirect(form.cleaned_data["return_url"])


def is_site_path(url: str) -> bool:
    """An absolute path on this site ("/films/"), not a scheme-relative URL or a bare word."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None, require_https=False)

"""Project-wide middleware."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csp import csp_override


class SecurityHeadersMiddleware:
    """The Content Security Policy for each area, and a Permissions-Policy on every response.

    - Public pages: ``SECURE_CSP`` (Django's middleware applies it), framed by nobody.
    - The Wagtail admin: ``ADMIN_CSP``, which allows the inline scripts and styles the admin needs.
    - Wagtail's preview requests (``request.is_dummy``, set by Wagtail before the middleware runs on the simulated
      request it renders a preview with): ``PREVIEW_CSP``, the public policy except that the admin, on the same
      origin, may frame it for the editor's live preview panel. A query parameter on a public URL cannot ask for it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_response = csp_override(settings.ADMIN_CSP)(get_response)
        self.preview_response = csp_override(settings.PREVIEW_CSP)(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request, "is_dummy", False):
            response = self.preview_response(request)
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        elif request.path.startswith("/admin/"):
            response = self.admin_response(request)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

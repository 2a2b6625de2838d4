"""bench/load.py's floor: a bare Django project (no apps, no middleware, no database) with one view answering "ok".

Served by the same gunicorn command line as the site, on another port:
``DJANGO_SETTINGS_MODULE=bench.floor gunicorn 'django.core.wsgi:get_wsgi_application()'``. Every row of the load
table is a ratio to it, so it measures what Django and gunicorn cost before any of Newsroom's code runs.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

SECRET_KEY = "bench-floor-only"  # noqa: S105 - serves one constant response, no sessions or signing
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.floor"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", floor)]

"""Django's system checks pass on whichever database the suite runs on (CI runs it on SQLite and PostgreSQL)."""

from django.core.management import call_command


def test_system_checks_pass_on_this_database():
    """`manage.py migrate` and `runserver` run these checks first; an error there stops a deployment."""
    call_command("check", databases=["default"])

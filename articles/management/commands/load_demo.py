from django.conf import settings
from django.core.management.base import BaseCommand

from articles.demo.builder import ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD, build_demo
from articles.permissions import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = (
        "Create the demo newsroom (site, topics, articles, studios, people, films, logins) and point the default "
        "Wagtail Site at NEWSROOM_BASE_URL. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        report = build_demo()
        if report.created:
            self.stdout.write(self.style.SUCCESS(f"Demo newsroom created: {report.summary()}."))
        if report.site_address:
            self.stdout.write(self.style.SUCCESS(f"Site address set to {report.site_address}/."))
        if not report.created and not report.site_address:
            self.stdout.write("Demo newsroom already in place; nothing changed.")
        password = report.admin_password or f"{DEFAULT_ADMIN_PASSWORD} (unless NEWSROOM_ADMIN_PASSWORD set another)"
        # Most powerful first: DEMO_USERS lists contributor, then editor.
        logins = [(ADMIN_USERNAME, password, "superuser")]
        logins += [(username, DEMO_PASSWORD, group) for username, group in reversed(DEMO_USERS)]
        count = f"{len(logins)} account{'s' if len(logins) != 1 else ''}"
        base_url = settings.NEWSROOM_BASE_URL
        self.stdout.write(
            f"\n  Site:   {base_url}/\n"
            f"  Admin:  {base_url}/admin/\n"
            f"  {count}: {', '.join(username for username, _, _ in logins)}\n"
            + "".join(f"    {username} / {secret} ({role})\n" for username, secret, role in logins)
        )

from django.core.management.base import BaseCommand

from articles.demo.builder import ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Create the demo newsroom (site, topics, articles, studios, people, films, logins). Safe to run again."

    def handle(self, *args, **options) -> None:
        report = build_demo()
        if report.created:
            made = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo newsroom created: {made}."))
        else:
            self.stdout.write("Demo newsroom already in place; nothing changed.")
        password = report.admin_password or f"{DEFAULT_ADMIN_PASSWORD} (unless NEWSROOM_ADMIN_PASSWORD set another)"
        self.stdout.write(
            "\n  Site:   http://127.0.0.1:8000/\n"
            "  Admin:  http://127.0.0.1:8000/admin/\n"
            f"  Login:  {ADMIN_USERNAME} / {password}\n"
            "  Also:   editor / newsroom-demo (Editors), contributor / newsroom-demo (Contributors)\n"
        )

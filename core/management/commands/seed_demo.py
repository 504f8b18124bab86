"""Loads the demo data set for `make run`. Safe to run again: every step is get-or-create.

Each app that has demo data provides `<app>/demo.py` with `seed(ctx)`; they run in
INSTALLED_APPS order and share `ctx` (for instance `ctx["users"]`).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create or refresh the demo communities, members and content."

    @transaction.atomic
    def handle(self, *args, **options):
        ctx = {"users": {}, "logins": []}
        for config in apps.get_app_configs():
            if find_spec(f"{config.name}.demo") is None:
                continue
            import_module(f"{config.name}.demo").seed(ctx)
        if apps.is_installed("activity"):
            # Demo content is made directly, not through the services, so log it afterwards
            # for "What's happening" (the backfill skips what is already logged).
            call_command("activity_backfill", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("\nDemo data ready. Sign in at http://127.0.0.1:8000/ with:")
        )
        for role, email, password in ctx["logins"]:
            self.stdout.write(f"  {role:<28} {email:<28} password: {password}")
        self.stdout.write("Emails the site sends appear at http://127.0.0.1:8000/dev/outbox/\n")

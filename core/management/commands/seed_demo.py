"""Loads the demo data set for `make run`. Safe to run again: every step is get-or-create.

Each app that has demo data provides `<app>/demo.py` with `seed(ctx)`; they run in
INSTALLED_APPS order and share `ctx` (for instance `ctx["users"]`).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
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
        site_url = settings.SITE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"\nDemo data ready. Sign in at {site_url}/ with:"))
        for role, email, password in ctx["logins"]:
            self.stdout.write(f"  {role:<28} {email:<28} password: {password}")
        self.stdout.write(f"Emails the site sends appear at {site_url}/dev/outbox/\n")

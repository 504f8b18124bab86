"""Loads the demo data set for `make run`. Safe to run again: every step looks its items up by
their natural keys (a community's name, a topic's title in its community…) before creating them.

Steps run in INSTALLED_APPS order and share `ctx` (for instance `ctx["users"]`): a feature's
step is its declared `Feature.demo`; the people, communities, alerts and other shared apps
provide `<app>/demo.py` with `seed(ctx)`. Every step creates through the same services members
use, so the event log, counters and subscriptions are right by construction, and dates its items
with `core.storytime`. It all runs quietly (`core.quiet`: no email, no notifications, no news
fetching). A step may append to `ctx["finish"]` what must run once everything exists; the
search index is rebuilt last.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from core import features as feature_registry
from core.quiet import quiet


class Command(BaseCommand):
    help = "Create or refresh the demo communities, members and content."

    def handle(self, *args, **options):
        ctx = {"users": {}, "logins": [], "finish": []}
        with quiet(), transaction.atomic():
            declared = {f.app_label: f.demo for f in feature_registry.features() if f.demo}
            for config in apps.get_app_configs():
                if config.label in declared:
                    declared.pop(config.label)(ctx)
                elif find_spec(f"{config.name}.demo") is not None:
                    import_module(f"{config.name}.demo").seed(ctx)
            for demo in declared.values():  # features declared outside an installed app
                demo(ctx)
            for finish in ctx["finish"]:
                finish()
            call_command("rebuild_search_index", stdout=self.stdout)
        site_url = settings.SITE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"\nDemo data ready. Sign in at {site_url}/ with:"))
        for role, email, password in ctx["logins"]:
            self.stdout.write(f"  {role:<28} {email:<28} password: {password}")
        self.stdout.write(f"Emails the site sends appear at {site_url}/dev/outbox/\n")

"""Demo data (seed_demo): the event log for what the earlier demo steps wrote straight to the
tables (communities, memberships, stage changes). Content apps that come later in
INSTALLED_APPS write their demo rows without services too: `manage.py activity_backfill` after
seed_demo records those as well (quietly; safe to run again)."""

from .backfill import backfill


def seed(ctx):
    backfill()

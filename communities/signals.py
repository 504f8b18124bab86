"""What communities announce to the layers above them (the activity log, alerts), which this
layer may not import. Sent explicitly from services.py inside the service's transaction, so a
receiver's writes commit or roll back with the change; receivers connect in their
AppConfig.ready()."""

from django.dispatch import Signal

# Something for the event log happened. Keyword arguments: actor, verb (an activity verb key),
# target, and optionally community, subject, excerpt, url.
happened = Signal()

# `user` now belongs to `community` (joined, was approved, proposed or created it).
member_added = Signal()

# `user` left the communities `community_ids` (a community and its sub-communities).
member_left = Signal()

# Tell `user` something personal (the bell): keyword arguments user, kind ("proposal",
# "membership", "invitation"), actor, summary, url.
tell = Signal()

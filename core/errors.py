"""The two ways a service says no, shared by every app.

* `Invalid`: the input, or the state of things, stops the action ("Give a reason", "already a
  member"). The view shows the sentence on the form, with everything the user typed kept.
* `NotAllowed`: this person may not do this here. It is a PermissionDenied, so Django answers
  with the friendly 403 page showing the sentence. Community-level refusals get their sentence
  from `communities.rules.CommunityAccess.refusal`, so the same refusal reads the same
  everywhere.
"""

from django.core.exceptions import PermissionDenied


class Invalid(Exception):
    """Bad input or a state that stops the action; `str(error)` is shown to the user."""


class NotAllowed(PermissionDenied):
    """A refusal in words, shown on the 403 page."""

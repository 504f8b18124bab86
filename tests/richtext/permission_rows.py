"""Attachments × every role: served only to those who can see the post they belong to."""

from richtext.attachments import attachments_for
from tests.forums import worlds  # noqa: F401  (registers the scenarios)
from tests.forums.permission_rows import HIDDEN
from tests.permissions.matrix import rows_in, signed_in


def attachment(w):
    file = attachments_for([w.extra["opening"]])[w.extra["opening"].pk][0]
    return {"key": file.key, "name": "minutes.pdf"}


ROWS = [
    *rows_in(
        "richtext:attachment",
        ["conv_public", "conv_private", "conv_sub_private"],
        lambda s: signed_in(200, **HIDDEN[s]),
        kwargs=attachment,
    ),
]

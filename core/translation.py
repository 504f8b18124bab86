"""Interface text looked up once per string and language, not on every use.

Django looks a string up in each catalogue it merged (nine for en-GB, because catalogues whose
plural rule is spelled differently are kept apart) and then in each fallback catalogue, calling
every fallback's plural rule on the way. A string with no translation, which in en-GB is nearly
every string, so costs two dozen dictionary misses: 20-30 µs, several hundred times a page, and
more for `get_FOO_display`, which translates every choice of the field to find one.

A loaded translation never changes (a settings change that could change it makes Django load
new ones), so each one remembers its answers. Strings are the code's own msgids; the memory
is capped in case some code translates text it did not write.
"""

from django.utils.translation import trans_real

REMEMBERED_AT_MOST = 20_000


class RememberingTranslation(trans_real.DjangoTranslation):
    """Django's translation, remembering what `gettext` (and so `pgettext`) answered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._answers = {}

    def remembered_gettext(self, message):
        try:
            return self._answers[message]
        except KeyError:
            look_up = super().gettext
            answer = look_up(message)
            if len(self._answers) < REMEMBERED_AT_MOST:
                self._answers[message] = answer
            return answer

    gettext = remembered_gettext


def install():
    """Make Django build RememberingTranslation for each language it loads, dropping any it
    loaded while the apps were starting (as Django does when the language settings change)."""
    trans_real.DjangoTranslation = RememberingTranslation
    trans_real._translations = {}
    trans_real._default = None

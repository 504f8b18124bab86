"""No silent overwrites: an edit form saves only on top of the version its editor saw.

Each model edited through a form of shared text has an `edit_version` counter. The form carries
the version it was opened on in a hidden `base_version` field (`VersionedForm`); the service
moves the row from that version to the next with one conditional UPDATE (`claim_edit`) inside
its transaction, before it writes. If anyone saved in between, that UPDATE matches no row
(PostgreSQL re-checks the condition after waiting for the other transaction's row lock; SQLite
runs one writer at a time) and `EditConflict` is raised, carrying the row as it is now.

The view then answers 409 with the form re-rendered (`VersionedForm.conflict`): everything the
later editor typed is kept, the hidden base moves onto the version saved meanwhile, so pressing
"Save mine anyway" goes through, and `templates/includes/_conflict.html` shows, field by field,
how their text differs from the saved one (core/diff.py). The wiki does the same with its own
revision numbers (wikis/services.py).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .diff import diff_rows, inline_diff, text_diff_rows
from .errors import Invalid

BASE_FIELD = "base_version"
VERSION_FIELD = "edit_version"

MISSING_BASE = _(
    "This form did not say which version it was opened on (it may be from a page opened before "
    "an update of the site), so nothing has been saved. Check the {noun} as it is now, then "
    "save again: your text is still in the form below."
)
CONFLICT = _(
    "Someone saved this {noun} again after you opened this form (someone else, or you in another "
    "window). Nothing of yours has been saved yet: it is all still in the form below."
)


class EditConflict(Invalid):
    """Someone saved after the editor opened the form; `current` is the row as it is now."""

    def __init__(self, current, *, field=VERSION_FIELD):
        self.current = current
        self.version = getattr(current, field)
        super().__init__(_("Someone saved a newer version after this edit began."))


def claim_edit(obj, *, base_version, field=VERSION_FIELD):
    """Move `obj` from `base_version` to the next version, or raise EditConflict.

    Call it inside the service's transaction and before writing: the row stays locked until
    the commit, so the version and the edit move together. `base_version=None` is for writes
    made without a form (tests, demo data): nothing is checked, but the version still moves,
    so a form opened before the write notices it."""
    rows = type(obj)._base_manager.filter(pk=obj.pk)
    if base_version is None:
        rows.update(**{field: F(field) + 1})
        setattr(obj, field, rows.values_list(field, flat=True).get())
        return
    if not rows.filter(**{field: base_version}).update(**{field: base_version + 1}):
        raise EditConflict(rows.get(), field=field)
    setattr(obj, field, base_version + 1)


@dataclass
class Change:
    """One field whose saved value differs from what the editor typed."""

    label: str
    rows: list = field(default_factory=list)  # paragraph rows for includes/_diff.html
    inline: str = ""  # a one-line value, words removed and added marked in place


@dataclass
class Conflict:
    """What templates/includes/_conflict.html shows."""

    noun: str
    saved_at: datetime | None
    changes: list


class VersionedForm:
    """Mixin for the edit form of a versioned model: `Form(data, version=obj.edit_version)`;
    a ModelForm may leave `version` out and have its instance's.

    A form posted without a base version (a page from before versions existed, or a hand-made
    request) saves nothing: it comes back with the editor's text, based on the version as it
    is now, and a message asking them to check and save again."""

    conflict_noun = _("item")

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is None:
            version = getattr(self.instance, VERSION_FIELD)
        self.fields[BASE_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=0, required=False
        )
        self.initial[BASE_FIELD] = version
        self.current_version = version

    def clean(self):
        data = super().clean()
        if self.errors.pop(BASE_FIELD, None) or data.get(BASE_FIELD) is None:
            self.rebase(self.current_version)
            self.add_error(None, MISSING_BASE.format(noun=self.conflict_noun))
        return data

    @property
    def base_version(self):
        return self.cleaned_data[BASE_FIELD]

    def rebase(self, version):
        """Base the bound form on `version`, keeping everything else that was posted."""
        data = self.data.copy()
        data[self.add_prefix(BASE_FIELD)] = str(version)
        self.data = data

    def conflict(self, error, *, theirs):
        """After EditConflict: rebase onto the saved version, say what happened, and return
        the differences between `theirs` (the form's initial values for the saved row) and
        what this editor typed."""
        self.rebase(error.version)
        self.add_error(None, CONFLICT.format(noun=self.conflict_noun))
        return Conflict(
            noun=self.conflict_noun,
            saved_at=getattr(error.current, "updated", None),
            changes=self.changes_from(theirs),
        )

    def changes_from(self, theirs):
        changes = []
        for name, form_field in self.fields.items():
            if name == BASE_FIELD or name not in theirs or name not in self.cleaned_data:
                continue
            label = str(form_field.label or name.replace("_", " ").capitalize())
            old, new = theirs[name], self.cleaned_data[name]
            widget = form_field.widget
            if isinstance(widget, forms.Textarea):
                rich = "data-richtext" in widget.attrs
                rows = (diff_rows if rich else text_diff_rows)(old or "", new or "")
                if rows:
                    changes.append(Change(label, rows=rows))
                continue
            old, new = _shown(form_field, old), _shown(form_field, new)
            if old != new:
                changes.append(Change(label, inline=inline_diff(old, new)))
        return changes


def _shown(form_field, value):
    """A field's value in words, the same way for the saved row and for the posted form."""
    if isinstance(form_field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):  # wall-clock time, as the form shows it
        return value.strftime("%d %b %Y, %H:%M")
    value = form_field.prepare_value(value)
    if value is None or value == "" or value == []:
        return ""
    choices = getattr(form_field, "choices", None)
    if choices is not None:
        labels = {}
        for key, label in choices:
            if isinstance(label, (list, tuple)):  # a group of choices
                labels.update((str(k), str(v)) for k, v in label)
            else:
                labels[str(key)] = str(label)
        values = value if isinstance(value, (list, tuple, set)) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    shown = form_field.widget.format_value(value)
    return "" if shown is None else str(shown)

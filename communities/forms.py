from django import forms
from django.utils.translation import gettext_lazy as _

from core import features as feature_registry
from core.concurrency import VersionedForm

from .models import Community, Membership
from .services import name_is_taken
from .widgets import GroupedCheckboxSelectMultiple, GroupedRadioSelect, label_groups

TEXTAREA = forms.Textarea(attrs={"rows": 5})
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 3})

VISIBILITY_HELP = _(
    "Public: any signed-in member can join with one click and see everything. "
    "Private: listed in the directory with its name and short description; people ask to join "
    "and a facilitator approves them; only members see the content."
)


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = [
            "name",
            "short_description",
            "domain",
            "purpose",
            "intended_members",
            "visibility",
        ]
        labels = {
            "name": _("Community name"),
            "short_description": _("Short description"),
            "domain": _("Domain: what practice is it about?"),
            "purpose": _("Purpose: what will the community do or deliver?"),
            "intended_members": _("Who is it for?"),
            "visibility": _("Who can see and join it?"),
        }
        help_texts = {
            "short_description": _("One or two sentences shown in the directory (280 characters)."),
            "domain": _("The shared problem area or issue members care about."),
            "purpose": _("What the site administrators need to know to approve it."),
            "intended_members": _("Roles, organisations, how many people you expect."),
            "visibility": VISIBILITY_HELP,
        }
        widgets = {
            "short_description": SHORT_TEXTAREA,
            "domain": TEXTAREA,
            "purpose": TEXTAREA,
            "intended_members": SHORT_TEXTAREA,
            "visibility": GroupedRadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].required = True
        self.fields["intended_members"].required = True
        label_groups(self)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name_is_taken(name):
            raise forms.ValidationError(
                _("A community with this name already exists; choose another.")
            )
        return name

    def validate_unique(self):
        """Uniqueness of the name is checked in clean_name with a friendlier message."""


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for not approving"),
        widget=TEXTAREA,
        max_length=2000,
        help_text=_("Sent to the proposer, so say what would need to change."),
        error_messages={"required": _("Give a reason, so the proposer knows what to change.")},
    )


class RequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you want to join?"),
        widget=TEXTAREA,
        max_length=2000,
        help_text=_(
            "Facilitators read this when they decide. Say what you hope to share or learn."
        ),
        error_messages={"required": _("Tell the facilitators why you want to join.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    message = forms.CharField(
        label=_("Message to the requester (optional)"),
        widget=SHORT_TEXTAREA,
        max_length=2000,
        required=False,
    )


class RemoveForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the member (optional)"),
        widget=SHORT_TEXTAREA,
        max_length=2000,
        required=False,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class InviteForm(forms.Form):
    target = forms.CharField(
        label=_("Email address or username"),
        max_length=254,
        help_text=_("Invite a member by their username, or anyone by email address."),
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        widget=SHORT_TEXTAREA,
        max_length=2000,
        required=False,
    )

    def clean_target(self):
        target = self.cleaned_data["target"].strip()
        if "@" in target:
            forms.EmailField().clean(target)
        return target


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to stage"), choices=Community.Stage.choices)
    note = forms.CharField(
        label=_("Note"),
        widget=SHORT_TEXTAREA,
        max_length=2000,
        help_text=_("Why the community is moving on (or back): kept in the stage history."),
        error_messages={"required": _("Add a short note explaining the change.")},
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.fields["stage"].choices = [
            (value, label) for value, label in Community.Stage.choices if value != community.stage
        ]
        order = Community.STAGE_ORDER
        position = order.index(community.stage)
        if position + 1 < len(order):
            self.initial.setdefault("stage", order[position + 1])


def _feature_field(parent, label):
    choices = [
        (key, label)
        for key, label in feature_registry.choices()
        if parent is None or key in parent.enabled_features
    ]
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=GroupedCheckboxSelectMultiple,
        initial=[key for key, _ in choices],
    )


def _check_not_looser(parent, visibility):
    if parent is not None and parent.is_private and visibility == Community.Visibility.PUBLIC:
        raise forms.ValidationError(
            _(
                "%(parent)s is private, so its sub-communities must be private too (a "
                "sub-community can be stricter than its parent, never looser)."
            )
            % {"parent": parent.name}
        )


class SettingsForm(VersionedForm, forms.ModelForm):
    conflict_noun = _("community's settings")

    features = forms.MultipleChoiceField(required=False)
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)
    confirm_public = forms.BooleanField(
        label=_(
            "I understand that making it public shows all its content to every signed-in member"
        ),
        required=False,
    )

    class Meta:
        model = Community
        fields = [
            "name",
            "short_description",
            "domain",
            "photo",
            "visibility",
            "welcome_message",
            "ground_rules",
        ]
        labels = {
            "domain": _("Domain: what practice is it about?"),
            "photo": _("Photo or banner (optional)"),
            "visibility": _("Who can see and join it?"),
            "welcome_message": _("Welcome message for new members"),
            "ground_rules": _("Ground rules"),
        }
        help_texts = {
            "photo": _("A JPEG or PNG image, up to 5 MB; it is resized to fit."),
            "visibility": VISIBILITY_HELP,
            "welcome_message": _("Shown to each new member when they join, and emailed to them."),
            "ground_rules": _(
                "How members treat each other here: shown when people join, linked "
                "from the community home."
            ),
        }
        widgets = {
            "short_description": SHORT_TEXTAREA,
            "domain": TEXTAREA,
            "visibility": GroupedRadioSelect,
            "welcome_message": TEXTAREA,
            "ground_rules": forms.Textarea(attrs={"rows": 8}),
            "photo": forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        }

    field_order = [
        "name",
        "short_description",
        "domain",
        "photo",
        "remove_photo",
        "visibility",
        "confirm_public",
        "features",
        "welcome_message",
        "ground_rules",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_private = self.instance.is_private
        self.fields["features"] = _feature_field(self.instance.parent, _("Features"))
        self.fields["features"].help_text = (
            _("Which tabs the community has.")
            if self.instance.parent is None
            else _("Only features %(parent)s has can be chosen.")
            % {"parent": self.instance.parent.name}
        )
        self.initial["features"] = self.instance.enabled_features
        if not self.instance.photo:
            del self.fields["remove_photo"]
        if not self.was_private:
            del self.fields["confirm_public"]
        label_groups(self)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name_is_taken(name, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                _("A community with this name already exists; choose another.")
            )
        return name

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The photo is too large: choose an image under 5 MB."))
        return photo

    def clean_visibility(self):
        visibility = self.cleaned_data["visibility"]
        _check_not_looser(self.instance.parent, visibility)
        return visibility

    def clean(self):
        cleaned = super().clean()
        if (
            self.was_private
            and cleaned.get("visibility") == Community.Visibility.PUBLIC
            and not cleaned.get("confirm_public")
        ):
            self.add_error(
                "confirm_public",
                _(
                    "Tick this box to confirm: everything members have shared will become visible "
                    "to every signed-in member."
                ),
            )
        return cleaned

    def validate_unique(self):
        """Name uniqueness is checked in clean_name with a friendlier message."""

    def service_kwargs(self):
        data = self.cleaned_data
        fields = {key: data[key] for key in self.Meta.fields if key != "photo"}
        fields["features"] = data["features"]
        photo = self.files.get(self.add_prefix("photo"))
        return {"fields": fields, "photo": photo, "remove_photo": data.get("remove_photo", False)}


class SubcommunityForm(forms.Form):
    name = forms.CharField(label=_("Sub-community name"), max_length=120)
    short_description = forms.CharField(
        label=_("Short description"), max_length=280, widget=SHORT_TEXTAREA
    )
    domain = forms.CharField(
        label=_("What is it for?"),
        widget=TEXTAREA,
        help_text=_("For example, the task the group was asked to deliver for the main community."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see and join it?"),
        choices=Community.Visibility.choices,
        widget=GroupedRadioSelect,
    )

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.fields["features"] = _feature_field(
            parent, _("Features it inherits from %(parent)s") % {"parent": parent.name}
        )
        self.fields["features"].help_text = _("Keep all of them, or choose a subset.")
        if parent.is_private:
            self.fields["visibility"].help_text = _(
                "%(parent)s is private, so the sub-community must be private too."
            ) % {"parent": parent.name}
            self.initial.setdefault("visibility", Community.Visibility.PRIVATE)
        else:
            self.initial.setdefault("visibility", Community.Visibility.PUBLIC)
        label_groups(self)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name_is_taken(name):
            raise forms.ValidationError(
                _("A community with this name already exists; choose another.")
            )
        return name

    def clean_visibility(self):
        visibility = self.cleaned_data["visibility"]
        _check_not_looser(self.parent, visibility)
        return visibility


class DirectoryFilterForm(forms.Form):
    SORTS = [
        ("activity", _("Most recently active")),
        ("name", _("Name (A to Z)")),
        ("members", _("Most members")),
    ]
    SHOW = [("", _("All communities")), ("mine", _("Only communities I belong to"))]

    q = forms.CharField(label=_("Search by name or domain"), required=False, max_length=100)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any stage")), *Community.Stage.choices]
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=[("", _("Public and private")), *Community.Visibility.choices],
    )
    show = forms.ChoiceField(label=_("Show"), required=False, choices=SHOW)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Search members by name"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

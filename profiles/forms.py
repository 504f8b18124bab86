import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.concurrency import BASE_FIELD, VersionedForm

from . import photos
from .models import MessageEmail, Profile, Region, ServiceArea

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
MAX_SOCIAL_LINKS = 5


def parse_tag_list(text):
    """ "adoption policy, Procurement,  procurement" → ["adoption policy", "Procurement"].

    Commas (or new lines) separate tags; order is kept, so the first ones are the person's
    "top" tags; repeats differing only in case are dropped.
    """
    seen, names = set(), []
    for part in re.split(r"[,\n]", text or ""):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


class TagListField(forms.CharField):
    def __init__(self, *, what, **kwargs):
        self.what = what
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > self.max_length:
            raise ValidationError(
                _("That is %(count)s characters; keep the list under %(limit)s.")
                % {"count": len(text), "limit": self.max_length}
            )
        return parse_tag_list(text)

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TAGS:
            raise ValidationError(
                _("You listed %(count)s %(what)s; please keep to your %(limit)s main ones.")
                % {"count": len(value), "what": self.what, "limit": MAX_TAGS}
            )
        too_long = [name for name in value if len(name) > MAX_TAG_LENGTH]
        if too_long:
            raise ValidationError(
                _(
                    "Keep each one to %(limit)s characters or fewer (“%(start)s…” is longer). "
                    "Separate them with commas."
                )
                % {"limit": MAX_TAG_LENGTH, "start": too_long[0][:60]}
            )

    def run_validators(self, value):
        # to_python has checked the length of the text typed; `value` is the parsed list.
        return None


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """Checkboxes wrapped in a labelled group, so the group's name is read with each box."""

    template_name = "profiles/widgets/checkbox_group.html"

    def __init__(self, *args, group_label="", **kwargs):
        self.group_label = group_label
        super().__init__(*args, **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["group_label"] = self.group_label
        return context


def _validate_web_address(value):
    URLValidator(schemes=["http", "https"])(value)


class ProfileForm(VersionedForm, forms.ModelForm):
    conflict_noun = _("profile")

    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("Shown to other members next to everything you post."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    expertise = TagListField(
        what=_("areas of expertise"),
        label=_("Areas of expertise"),
        help_text=_(
            "What you can help others with, separated by commas, most important first. "
            "For example: adoption policy, procurement, knowledge management."
        ),
    )
    interests = TagListField(
        what=_("areas of interest"),
        label=_("Areas of interest"),
        help_text=_("What you would like to learn about, separated by commas."),
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("A full web address, starting https://"),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    service_areas = forms.ModelMultipleChoiceField(
        queryset=ServiceArea.objects.all(),
        required=False,
        widget=CheckboxGroup(group_label=_("Service areas")),
        help_text=_("The services you work in or with."),
    )

    class Meta:
        model = Profile
        fields = [
            "job_title",
            "organisation",
            "location",
            "region",
            "service_areas",
            "expertise",
            "interests",
            "bio",
            "email_visibility",
            "phone",
            "phone_visibility",
            "website",
            "website_visibility",
            "social_links",
            "social_links_visibility",
            "hidden_from_finder",
        ]
        labels = {
            "email_visibility": _("Who can see your email address"),
            "phone_visibility": _("Who can see your phone number"),
            "website_visibility": _("Who can see your website"),
            "social_links_visibility": _("Who can see your social media links"),
        }
        help_texts = {
            "job_title": _("For example, Head of Procurement."),
            "bio": _("A few sentences about your work (up to 1,000 characters)."),
            "social_links": _(
                "For example your LinkedIn or Mastodon page: one full web address "
                "a line, up to five."
            ),
            "hidden_from_finder": _(
                "Your profile can still be reached from things you post, "
                "but nobody can search for you."
            ),
            "email_visibility": _("Your email address is the one you sign in with."),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "social_links": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }

    # The name is the User's (Profile.name is only the finder's copy), so it is a form field.
    field_order = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Choose a region"))] + list(Region.choices)
        if not self.is_bound and self.instance.pk:
            self.initial["name"] = self.instance.user.name
            self.initial["expertise"] = ", ".join(
                item.tag.name for item in self.instance.expertise_items.select_related("tag")
            )
            self.initial["interests"] = ", ".join(
                item.tag.name for item in self.instance.interest_items.select_related("tag")
            )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your name as other members should see it."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"[0-9+()#\-. ]{6,40}", phone):
            raise ValidationError(
                _("Enter a phone number using digits, spaces and + ( ) - only, like 0114 273 4567.")
            )
        return phone

    def clean_social_links(self):
        lines = [line.strip() for line in self.cleaned_data["social_links"].splitlines()]
        links = [line for line in lines if line]
        if len(links) > MAX_SOCIAL_LINKS:
            raise ValidationError(
                _("Add up to %(MAX_SOCIAL_LINKS)s links.") % {"MAX_SOCIAL_LINKS": MAX_SOCIAL_LINKS}
            )
        for link in links:
            try:
                _validate_web_address(link)
            except ValidationError:
                raise ValidationError(
                    _(
                        "“%(link)s” is not a web address. Enter full addresses starting "
                        "https://, one a line."
                    )
                    % {"link": link[:80]}
                ) from None
        return "\n".join(links)

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and urlsplit(website).scheme not in ("http", "https"):
            raise ValidationError(_("Enter a web address starting https://"))
        return website

    def profile_fields(self):
        """What services.profile_update takes besides the name, tags and service areas."""
        data = dict(self.cleaned_data)
        for key in ("name", "expertise", "interests", "service_areas", BASE_FIELD):
            data.pop(key)
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Choose a photo"),
        help_text=_("A JPEG, PNG, WebP or GIF image up to 5 MB. We crop it to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        error_messages={
            "required": _("Choose a photo to upload."),
            "empty": _("The file you chose is empty. Choose another photo."),
        },
    )

    def clean_photo(self):
        return photos.process_upload(self.cleaned_data["photo"])


def _attrs(attrs):
    """A widget's attributes as django/forms/widgets/attrs.html writes them."""
    return mark_safe(  # noqa: S308 - format_html escapes each name and value
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickTextInput(forms.TextInput):
    """A text box written in Python, as Django's input.html writes it: the finder shows four
    on every results page, and a template per widget (and its attributes' include) cost more
    than the rest of the form."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            _attrs(widget["attrs"]),
        )


class QuickSelect(forms.Select):
    """A <select> written in Python, as Django's select.html and select_option.html write it
    (two includes per option: 30 options cost 2 ms a page). Groups of options go to the
    template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group, _index in widget["optgroups"]:
            if group_name:
                return super().render(name, value, attrs, renderer)
            for option in group:
                options.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 - each made by format_html
        )


class FinderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False, widget=QuickTextInput)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=150, required=False, widget=QuickTextInput
    )
    expertise = forms.CharField(
        label=_("Area of expertise"), max_length=100, required=False, widget=QuickTextInput
    )
    interest = forms.CharField(
        label=_("Area of interest"), max_length=100, required=False, widget=QuickTextInput
    )
    service_area = forms.ModelChoiceField(
        label=_("Service area"),
        queryset=ServiceArea.objects.all(),
        required=False,
        empty_label=_("Any service area"),
        widget=QuickSelect,
    )
    region = forms.ChoiceField(
        label=_("Region"),
        choices=[("", _("Any region"))] + list(Region.choices),
        required=False,
        widget=QuickSelect,
    )

    def clean(self):
        cleaned = super().clean()
        for key in ("name", "organisation", "expertise", "interest"):
            if key in cleaned:
                cleaned[key] = " ".join(cleaned[key].split())
        return cleaned


class NewConversationForm(forms.Form):
    subject = forms.CharField(
        max_length=150, error_messages={"required": _("Enter a subject for your message.")}
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your message before sending it.")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your reply before sending it.")},
    )


class AlertsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["message_email"]
        labels = {"message_email": _("Email me when someone sends me a message")}
        help_texts = {
            "message_email": _(
                "We send one email for each conversation with something new, until you read it."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message_email"].choices = list(MessageEmail.choices)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is really you."),
        error_messages={"required": _("Enter your password to delete your account.")},
    )
    delete_sent_messages = forms.BooleanField(
        label=_("Also delete the private messages I have sent"),
        required=False,
        help_text=_(
            "Otherwise they stay in the other person's conversation, from “Former member”."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _("That is not your password. Your account has not been deleted.")
            )
        return password

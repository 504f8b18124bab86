import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

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
                f"That is {len(text)} characters; keep the list under {self.max_length}."
            )
        return parse_tag_list(text)

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TAGS:
            raise ValidationError(
                f"You listed {len(value)} {self.what}; please keep to your {MAX_TAGS} main ones."
            )
        too_long = [name for name in value if len(name) > MAX_TAG_LENGTH]
        if too_long:
            raise ValidationError(
                f"Keep each one to {MAX_TAG_LENGTH} characters or fewer (“{too_long[0][:60]}…” "
                "is longer). Separate them with commas."
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
    conflict_noun = "profile"

    name = forms.CharField(
        label="Full name",
        max_length=150,
        help_text="Shown to other members next to everything you post.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    expertise = TagListField(
        what="areas of expertise",
        label="Areas of expertise",
        help_text="What you can help others with, separated by commas, most important first. "
        "For example: adoption policy, procurement, knowledge management.",
    )
    interests = TagListField(
        what="areas of interest",
        label="Areas of interest",
        help_text="What you would like to learn about, separated by commas.",
    )
    website = forms.URLField(
        label="Website",
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text="A full web address, starting https://",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    service_areas = forms.ModelMultipleChoiceField(
        queryset=ServiceArea.objects.all(),
        required=False,
        widget=CheckboxGroup(group_label="Service areas"),
        help_text="The services you work in or with.",
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
            "email_visibility": "Who can see your email address",
            "phone_visibility": "Who can see your phone number",
            "website_visibility": "Who can see your website",
            "social_links_visibility": "Who can see your social media links",
        }
        help_texts = {
            "job_title": "For example, Head of Procurement.",
            "bio": "A few sentences about your work (up to 1,000 characters).",
            "social_links": "For example your LinkedIn or Mastodon page: one full web address "
            "a line, up to five.",
            "hidden_from_finder": "Your profile can still be reached from things you post, "
            "but nobody can search for you.",
            "email_visibility": "Your email address is the one you sign in with.",
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
        self.fields["region"].choices = [("", "Choose a region")] + list(Region.choices)
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
            raise ValidationError("Enter your name as other members should see it.")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"[0-9+()#\-. ]{6,40}", phone):
            raise ValidationError(
                "Enter a phone number using digits, spaces and + ( ) - only, like 0114 273 4567."
            )
        return phone

    def clean_social_links(self):
        lines = [line.strip() for line in self.cleaned_data["social_links"].splitlines()]
        links = [line for line in lines if line]
        if len(links) > MAX_SOCIAL_LINKS:
            raise ValidationError(f"Add up to {MAX_SOCIAL_LINKS} links.")
        for link in links:
            try:
                _validate_web_address(link)
            except ValidationError:
                raise ValidationError(
                    f"“{link[:80]}” is not a web address. Enter full addresses starting "
                    "https://, one a line."
                ) from None
        return "\n".join(links)

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and urlsplit(website).scheme not in ("http", "https"):
            raise ValidationError("Enter a web address starting https://")
        return website

    def profile_fields(self):
        """What services.profile_update takes besides the name, tags and service areas."""
        data = dict(self.cleaned_data)
        for key in ("name", "expertise", "interests", "service_areas", BASE_FIELD):
            data.pop(key)
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="Choose a photo",
        help_text="A JPEG, PNG, WebP or GIF image up to 5 MB. We crop it to a square.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        error_messages={
            "required": "Choose a photo to upload.",
            "empty": "The file you chose is empty. Choose another photo.",
        },
    )

    def clean_photo(self):
        return photos.process_upload(self.cleaned_data["photo"])


class FinderForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100, required=False)
    organisation = forms.CharField(label="Organisation", max_length=150, required=False)
    expertise = forms.CharField(label="Area of expertise", max_length=100, required=False)
    interest = forms.CharField(label="Area of interest", max_length=100, required=False)
    service_area = forms.ModelChoiceField(
        label="Service area",
        queryset=ServiceArea.objects.all(),
        required=False,
        empty_label="Any service area",
    )
    region = forms.ChoiceField(
        label="Region", choices=[("", "Any region")] + list(Region.choices), required=False
    )

    def clean(self):
        cleaned = super().clean()
        for key in ("name", "organisation", "expertise", "interest"):
            if key in cleaned:
                cleaned[key] = " ".join(cleaned[key].split())
        return cleaned


class NewConversationForm(forms.Form):
    subject = forms.CharField(
        max_length=150, error_messages={"required": "Enter a subject for your message."}
    )
    body = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write your message before sending it."},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your reply before sending it."},
    )


class AlertsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["message_email"]
        labels = {"message_email": "Email me when someone sends me a message"}
        help_texts = {
            "message_email": "We send one email for each conversation with something new, "
            "until you read it."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message_email"].choices = list(MessageEmail.choices)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is really you.",
        error_messages={"required": "Enter your password to delete your account."},
    )
    delete_sent_messages = forms.BooleanField(
        label="Also delete the private messages I have sent",
        required=False,
        help_text="Otherwise they stay in the other person's conversation, from “Former member”.",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your password. Your account has not been deleted.")
        return password

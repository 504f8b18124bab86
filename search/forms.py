from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from communities.models import Community, Membership

from .query import SearchRequest
from .registry import kinds


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=200,
        required=False,
        help_text=_(
            "Tip: put a phrase in “quotes”, use or between alternatives, and a minus sign "
            "to leave a word out (-housing)."
        ),
    )
    type = forms.MultipleChoiceField(
        label=_("Type of content"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the types listed.")},
    )
    community = forms.ChoiceField(
        label=_("In one of my communities"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of your communities from the list.")},
    )
    community_name = forms.CharField(
        label=_("Or in another community (type its name)"),
        max_length=120,
        required=False,
    )
    tag = forms.CharField(label=_("Tagged with"), max_length=100, required=False)
    date_from = forms.DateField(
        label=_("Updated on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date like 2024-03-31.")},
    )
    date_to = forms.DateField(
        label=_("Updated on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date like 2024-03-31.")},
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=[("", _("Best match first")), ("newest", _("Newest first"))],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        """The list offers the member's own communities (a handful), plus the one asked for
        when a community's page sent it; any other community they can see is found by its
        typed name. Listing every visible community made the page slow to build and to use."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["type"].choices = kinds()
        asked = (self.data.get("community") or "") if self.is_bound else ""
        visible = Community.objects.visible_to(user)
        # visibility: narrows the visible communities above to the member's own
        own = Membership.objects.filter(user_id=user.pk).values("community_id")
        # Without an asked-for slug the condition is the memberships alone, which PostgreSQL
        # reads through the membership index (with `OR slug = ''` it read every community).
        listed = (
            visible.filter(Q(pk__in=own) | Q(slug=asked)) if asked else visible.filter(pk__in=own)
        )
        self.communities = {
            slug: (pk, name)
            for pk, slug, name in listed.order_by("name").values_list("pk", "slug", "name")
        }
        self.fields["community"].choices = [("", _("All communities"))] + [
            (slug, name) for slug, (_pk, name) in self.communities.items()
        ]

    def clean_community_name(self):
        """A typed name (or address slug) of a community the member can see: one query."""
        name = " ".join((self.cleaned_data.get("community_name") or "").split())
        if not name:
            return None
        found = (
            Community.objects.visible_to(self.user)
            .filter(Q(name__iexact=name) | Q(slug=name.lower()))
            .values_list("pk", "slug", "name")
            .first()
        )
        if found is None:
            raise forms.ValidationError(
                _("No community you can see is called “%(name)s”.") % {"name": name}
            )
        return found

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("The “on or before” date is earlier than the “on or after” date.")
            )
        return data

    def search_request(self):
        data = self.cleaned_data
        community = None
        if data.get("community_name"):
            pk, slug, name = data["community_name"]
            community = Community(pk=pk, name=name, slug=slug)
        elif data.get("community"):
            pk, name = self.communities[data["community"]]
            community = Community(pk=pk, name=name, slug=data["community"])
        tag = None
        if name := (data.get("tag") or "").strip():
            # An unknown tag finds nothing (and says so), like a tag on things you cannot see.
            tag = Tag.objects.filter(Q(slug=name) | Q(name__iexact=name)).first() or Tag(
                pk=0, name=name
            )
        return SearchRequest(
            q=data.get("q", "").strip(),
            kinds=data.get("type") or [],
            community=community,
            tag=tag,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            newest_first=data.get("sort") == "newest",
        )

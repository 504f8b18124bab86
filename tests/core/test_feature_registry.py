"""A feature declares itself once (core/features.py) and every part of the platform picks it up.

A tiny sample feature, "Notes", is declared here the way CONTRIBUTING.md's "Adding a feature"
says, and each part that reads the registry is checked to show it: the tab, the settings form,
the activity phrase, the usage figure, "Download my data", My home and the demo data.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from activity import verbs
from activity.metrics import community_report, preset_period
from activity.services import record
from communities.forms import SettingsForm
from core import features as feature_registry
from core.features import CREATES, Feature, Figure, Verb
from core.services import my_home_context
from profiles.export import post_sources
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of

NOTE_ADDED = Verb("note_added", "Note added", "added the note", role=CREATES)
seeded = []


def notes_panel(user):
    return {"template": "core/includes/_empty.html", "notes_for": user.pk}


@pytest.fixture
def notes():
    feature = Feature(
        key="notes",
        label="Notes",
        noun="notebook",
        tab="communities:rules",
        order=35,
        verbs=(NOTE_ADDED,),
        figures=(Figure("notes", "Notes added", (NOTE_ADDED,)),),
        exports={"notes": lambda user: [{"by": user.display_name}]},
        home_section=notes_panel,
        demo=lambda ctx: seeded.append(ctx),
    )
    feature_registry.register(feature)
    yield feature
    feature_registry.unregister("notes")


def test_contributing_lists_every_part_of_a_declaration():
    text = (Path(__file__).resolve().parents[2] / "CONTRIBUTING.md").read_text()
    section = text.split("## Adding a feature", 1)[1].split("\n## ", 1)[0]
    fields = set(Feature.__dataclass_fields__) - {"app_label"}
    missing = sorted(name for name in fields if f"`{name}`" not in section and name not in section)
    assert not missing, f"CONTRIBUTING's 'Adding a feature' does not mention {missing}"


def test_a_declared_feature_gets_its_tab_between_the_others(client, notes, db):
    community = CommunityFactory(features=["forum", "documents", "notes", "wiki"])
    client.force_login(member_of(community))
    html = client.get(community.get_absolute_url()).content.decode()
    nav = re.search(r'<nav class="community-tabs".*?</nav>', html, flags=re.S).group(0)
    labels = re.findall(r">([^<>]+)</a>", nav)
    assert labels == ["Home", "Forum", "Members", "Documents", "Notes", "Wiki"]


def test_the_settings_form_offers_it(notes, db):
    form = SettingsForm(instance=CommunityFactory())
    assert ("notes", "Notes") in form.fields["features"].choices


def test_its_verbs_read_in_the_log_and_count_in_the_figures(notes, db):
    community = CommunityFactory()
    author = member_of(community)
    row = record(actor=author, verb=NOTE_ADDED, target=community, title="Minutes")
    assert row.feature == "notes" and row.phrase == "added the note"
    assert NOTE_ADDED in verbs.creating()
    figures = {
        f["key"]: f["value"] for f in community_report(community, preset_period("30d"))["content"]
    }
    assert figures["notes"] == 1


def test_its_exports_and_home_panel_and_demo_are_used(notes, db):
    user = UserFactory()
    assert post_sources()["notes"](user) == [{"by": user.display_name}]
    assert {"template": "core/includes/_empty.html", "notes_for": user.pk} in my_home_context(user)[
        "home_sections"
    ]
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert seeded and "users" in seeded[-1]


def test_two_features_may_not_share_a_key(notes):
    with pytest.raises(ValueError):
        feature_registry.register(Feature(key="notes", label="Other", tab="x:y"))


def test_the_alert_noun_comes_from_the_declaration(notes, db):
    from alerts.targets import describe, url_of

    community = CommunityFactory(name="Fostering CoP")
    assert describe(community, "notes") == "the notebook of Fostering CoP"
    assert url_of(community, "notes") == reverse("communities:rules", args=[community.slug])

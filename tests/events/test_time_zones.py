"""The event form's time zones: canonical zones only, grouped by region, the site's own zone
first; an event saved under an old alias still opens, shows and saves."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.forms import EventForm
from events.models import Event
from tests.events.factories import EventFactory
from tests.events.test_adding_events import form_data

pytestmark = pytest.mark.django_db


def timezone_select(page):
    return re.search(r'<select name="timezone".*?</select>', page, re.S).group(0)


def offered(select):
    return re.findall(r'<option value="([^"]+)"', select)


def selected(select):
    return re.findall(r'<option value="([^"]+)"[^>]*\bselected\b', select)


def test_the_form_offers_canonical_zones_by_region_with_the_sites_own_first(
    organiser_client, community
):
    page = organiser_client.get(reverse("events:new", args=[community.slug])).content.decode()
    select = timezone_select(page)
    values = offered(select)

    assert values[0] == "Europe/London"
    assert values.count("Europe/London") == 1
    assert "Asia/Kolkata" in values and "Pacific/Pago_Pago" in values and "UTC" in values
    for alias in ("Asia/Calcutta", "US/Samoa", "GB", "Singapore", "Etc/GMT+5", "Europe/Kiev"):
        assert alias not in values
    assert len(values) < 450
    for region in ("Africa", "America", "Asia", "Europe", "Pacific"):
        assert f'<optgroup label="{region}">' in select
    assert re.search(r'<optgroup label="Asia">[^/]*?<option value="Asia/', select)
    assert '<option value="Asia/Kolkata">Kolkata</option>' in select


def test_the_first_zone_is_the_sites_own(settings, community):
    settings.TIME_ZONE = "America/New_York"
    form = EventForm(community=community)
    assert list(form.fields["timezone"].choices)[0] == ("America/New_York", "America/New York")
    assert form["timezone"].value() == "America/New_York"


def test_an_event_in_a_canonical_zone_saves(organiser_client, organiser, community):
    data = form_data(organiser, timezone="Asia/Kolkata", starts_at="2027-09-19T09:00")
    response = organiser_client.post(reverse("events:new", args=[community.slug]), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.timezone == "Asia/Kolkata"
    assert event.starts_at == datetime(2027, 9, 19, 9, 0, tzinfo=ZoneInfo("Asia/Kolkata"))


def test_an_event_saved_under_an_alias_shows_and_saves_its_canonical_zone(
    organiser_client, organiser, community
):
    calcutta = ZoneInfo("Asia/Calcutta")
    event = EventFactory(
        community=community,
        created_by=organiser,
        timezone="Asia/Calcutta",
        starts_at=datetime(2027, 5, 1, 10, 0, tzinfo=calcutta),
        ends_at=datetime(2027, 5, 1, 12, 0, tzinfo=calcutta),
    )
    url = reverse("events:edit", args=[community.slug, event.pk])
    select = timezone_select(organiser_client.get(url).content.decode())
    assert selected(select) == ["Asia/Kolkata"]
    assert "Asia/Calcutta" not in offered(select)

    data = form_data(
        organiser,
        timezone="Asia/Calcutta",  # a form opened before the list changed
        starts_at="2027-05-01T10:00",
        ends_at="2027-05-01T13:00",
        base_version=event.edit_version,
    )
    assert organiser_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.timezone == "Asia/Kolkata"
    assert event.ends_at == datetime(2027, 5, 1, 13, 0, tzinfo=calcutta)


def test_a_stored_zone_with_no_canonical_equivalent_stays_selectable_for_that_event(
    organiser_client, organiser, community
):
    zone = ZoneInfo("Etc/GMT+5")
    event = EventFactory(
        community=community,
        created_by=organiser,
        timezone="Etc/GMT+5",
        starts_at=datetime(2027, 5, 1, 10, 0, tzinfo=zone),
        ends_at=datetime(2027, 5, 1, 12, 0, tzinfo=zone),
    )
    url = reverse("events:edit", args=[community.slug, event.pk])
    select = timezone_select(organiser_client.get(url).content.decode())
    assert selected(select) == ["Etc/GMT+5"]

    data = form_data(
        organiser, timezone="Etc/GMT+5", title="Renamed", base_version=event.edit_version
    )
    assert organiser_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed" and event.timezone == "Etc/GMT+5"

    new = organiser_client.get(reverse("events:new", args=[community.slug])).content.decode()
    assert "Etc/GMT+5" not in offered(timezone_select(new))

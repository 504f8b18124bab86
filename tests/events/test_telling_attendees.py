"""Everyone signed up for an event (going or waiting) hears, by notification and email, when its
date or time, location or online link changes, or when it is cancelled — if they can still see
the community, and never the person who made the change. Other edits tell nobody."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership
from events import services
from events.models import Attendance, Event
from notifications.models import Notification
from tests.accounts.factories import AdminFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def in_london(*args):
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def event(community, organiser):
    """Tue 17 Sep 2030, 09:00–17:00 London time, in London; one place."""
    return EventFactory(
        community=community,
        created_by=organiser,
        title="Panel practice",
        location="London",
        starts_at=in_london(2030, 9, 17, 9, 0),
        ends_at=in_london(2030, 9, 17, 17, 0),
        capacity=1,
    )


@pytest.fixture
def going(event, community):
    person = member_of(community)
    services.attend(event=event, user=person)
    return person


@pytest.fixture
def waiting(event, community, going):
    person = member_of(community)
    assert services.attend(event=event, user=person).state == Attendance.State.WAITLISTED
    return person


def told(user):
    return list(Notification.objects.for_user(user).filter(kind=Notification.Kind.EVENT))


def mail_to(outbox, user):
    return [message for message in outbox if message.to == [user.email]]


def form_data(event, **overrides):
    local = {
        "starts_at": event.local_start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": event.local_end.strftime("%Y-%m-%dT%H:%M"),
    }
    data = {
        "title": event.title,
        "description": event.description,
        "location": event.location,
        "online_url": event.online_url,
        "timezone": event.timezone,
        "contact": event.contact_id,
        "capacity": event.capacity or "",
        "base_version": event.edit_version,
        **local,
    }
    data.update(overrides)
    return data


# --- what changed, said plainly -------------------------------------------------------------------
def test_a_new_time_tells_everyone_signed_up_what_changed(
    event, organiser, going, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            event=event,
            user=organiser,
            starts_at=in_london(2030, 9, 17, 10, 0),
            ends_at=in_london(2030, 9, 17, 18, 0),
        )

    sentence = (
        "The time changed from Tue 17 Sep 2030, 09:00–17:00 to Tue 17 Sep 2030, 10:00–18:00 "
        "(Europe/London time)."
    )
    for person in (going, waiting):
        [notification] = told(person)
        assert notification.summary == f"“Panel practice” has changed. {sentence}"
        assert notification.url == event.get_absolute_url()
        assert notification.actor == organiser
        [email] = mail_to(mailoutbox, person)
        assert email.subject.endswith("Changed: Panel practice (Knowledge Management)")
        assert sentence in email.body
        assert "Now: Tue 17 Sep 2030, 10:00–18:00 (Europe/London time)" in email.body
        assert event.get_absolute_url() in email.body
        html = email.alternatives[0][0]
        assert f"<li>{sentence}</li>" in html
    assert "You are down as going." in mail_to(mailoutbox, going)[0].body
    assert "You are number 1 on the waiting list." in mail_to(mailoutbox, waiting)[0].body
    assert len(mailoutbox) == 2


def test_a_new_day_says_the_date_and_time_changed(event, organiser, going):
    services.event_update(
        event=event,
        user=organiser,
        starts_at=in_london(2030, 9, 18, 9, 0),
        ends_at=in_london(2030, 9, 19, 12, 0),
    )
    [notification] = told(going)
    assert notification.summary.endswith(
        "The date and time changed from Tue 17 Sep 2030, 09:00–17:00 to "
        "Wed 18 Sep 2030, 09:00 – Thu 19 Sep 2030, 12:00 (Europe/London time)."
    )


def test_a_new_time_zone_names_both_zones(event, organiser, going):
    paris = ZoneInfo("Europe/Paris")
    services.event_update(
        event=event,
        user=organiser,
        timezone="Europe/Paris",
        starts_at=datetime(2030, 9, 17, 9, 0, tzinfo=paris),
        ends_at=datetime(2030, 9, 17, 17, 0, tzinfo=paris),
    )
    [notification] = told(going)
    assert notification.summary.endswith(
        "The time changed from Tue 17 Sep 2030, 09:00–17:00 (Europe/London time) to "
        "Tue 17 Sep 2030, 09:00–17:00 (Europe/Paris time)."
    )


def test_the_same_moment_in_another_time_zone_is_no_change(event, organiser, going):
    services.event_update(
        event=event,
        user=organiser,
        timezone="UTC",
        starts_at=event.starts_at.astimezone(ZoneInfo("UTC")),
        ends_at=event.ends_at.astimezone(ZoneInfo("UTC")),
    )
    assert told(going) == []


def test_a_new_location_and_online_link_are_said_plainly(
    event, organiser, going, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            event=event,
            user=organiser,
            location="Leeds Civic Hall",
            online_url="https://meet.example.org/panel",
        )
    [notification] = told(going)
    assert notification.summary == (
        "“Panel practice” has changed. The location changed from “London” to “Leeds Civic "
        "Hall”. The online link is now https://meet.example.org/panel (there was none before)."
    )
    [email] = mailoutbox
    assert "Location: Leeds Civic Hall" in email.body
    assert "Online: https://meet.example.org/panel" in email.body


def test_removing_the_location_says_so(event, organiser, going):
    services.event_update(
        event=event, user=organiser, location="", online_url="https://meet.example.org/x"
    )
    [notification] = told(going)
    assert "The location “London” was removed." in notification.summary


def test_edits_that_change_nothing_relevant_tell_nobody(
    client,
    event,
    organiser,
    going,
    waiting,
    facilitator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(organiser)
    url = reverse("events:edit", args=[event.community.slug, event.pk])
    data = form_data(
        event,
        title="Panel practice (new title)",
        description="<p>New agenda</p>",
        contact=facilitator.pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Panel practice (new title)"
    assert not Notification.objects.filter(kind=Notification.Kind.EVENT).exists()
    assert mailoutbox == []
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["The event has been updated."]


# --- who is told ----------------------------------------------------------------------------------
def test_only_people_who_can_still_see_the_community_are_told(
    mailoutbox, django_capture_on_commit_callbacks
):
    community = CommunityFactory(private=True)
    organiser = member_of(community)
    event = EventFactory(community=community, created_by=organiser)
    stays, left, suspended = (member_of(community) for _ in range(3))
    admin = AdminFactory()  # sees every community, though not a member
    for person in (stays, left, suspended):
        services.attend(event=event, user=person)
    Attendance.objects.create(event=event, user=admin)
    Membership.objects.filter(user=left, community=community).delete()
    suspended.is_active = False
    suspended.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, user=organiser, location="Somewhere else")

    assert [len(told(p)) for p in (stays, admin, left, suspended)] == [1, 1, 0, 0]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([stays.email, admin.email])


def test_the_person_making_the_change_is_not_told_but_the_organiser_is(
    event, organiser, facilitator, going, mailoutbox, django_capture_on_commit_callbacks
):
    services.attend(event=event, user=organiser)  # waiting: the one place is taken
    Attendance.objects.create(event=event, user=facilitator, state=Attendance.State.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, user=facilitator, location="Leeds")
    assert told(facilitator) == []
    assert len(told(organiser)) == 1 and len(told(going)) == 1
    assert facilitator.email not in [m.to[0] for m in mailoutbox]
    assert len(mailoutbox) == 2


def test_changes_to_an_event_that_is_over_tell_nobody(community, organiser):
    now = timezone.now()
    event = EventFactory(
        community=community,
        created_by=organiser,
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=2),
    )
    person = member_of(community)
    Attendance.objects.create(event=event, user=person)
    services.event_update(event=event, user=organiser, location="Corrected venue")
    assert told(person) == []


# --- the edit page --------------------------------------------------------------------------------
def test_the_edit_page_says_who_was_told(client, event, organiser, going, waiting):
    client.force_login(organiser)
    url = reverse("events:edit", args=[event.community.slug, event.pk])
    response = client.post(url, form_data(event, location="Leeds"), follow=True)
    assert (
        "The event has been updated. 2 people signed up have been told what changed."
        in response.content.decode()
    )


def test_bad_input_on_the_edit_page_keeps_what_was_typed_and_tells_nobody(
    client, event, organiser, going
):
    client.force_login(organiser)
    url = reverse("events:edit", args=[event.community.slug, event.pk])
    data = form_data(
        event,
        location="Leeds Civic Hall, Portland Crescent",
        starts_at="2030-09-17T18:00",
        ends_at="2030-09-17T09:00",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end must be after the start." in page
    assert 'value="Leeds Civic Hall, Portland Crescent"' in page
    assert 'value="2030-09-17T18:00"' in page
    event.refresh_from_db()
    assert event.location == "London"
    assert told(going) == []


def test_an_edit_refused_by_a_cancellation_in_between_keeps_what_was_typed(
    client, event, organiser, going, monkeypatch
):
    """Someone else cancels the event while the organiser is editing: the service refuses the
    save (it re-reads the event under a lock), and the form comes back with their text."""
    from events import services
    from events.services import Invalid

    def cancelled_meanwhile(**kwargs):
        raise Invalid("This event has been cancelled: it can no longer be changed.")

    monkeypatch.setattr(services, "event_update", cancelled_meanwhile)
    client.force_login(organiser)
    url = reverse("events:edit", args=[event.community.slug, event.pk])
    response = client.post(url, form_data(event, location="Leeds Civic Hall"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This event has been cancelled: it can no longer be changed." in page
    assert 'value="Leeds Civic Hall"' in page
    assert told(going) == []


# --- cancelling -----------------------------------------------------------------------------------
def test_cancelling_tells_everyone_signed_up_and_keeps_the_event_marked(
    client, event, organiser, going, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    url = reverse("events:cancel", args=[event.community.slug, event.pk])
    page = client.get(url).content.decode()
    assert "1 going, 1 waiting" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "The venue has flooded & we will rearrange."})

    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    event.refresh_from_db()
    assert event.is_cancelled
    assert event.cancellation_note == "The venue has flooded & we will rearrange."
    for person in (going, waiting):
        [notification] = told(person)
        assert notification.summary == (
            "“Panel practice” (Tue 17 Sep 2030, 09:00–17:00 (Europe/London time)) "
            "has been cancelled."
        )
        [email] = mail_to(mailoutbox, person)
        assert email.subject.endswith("Cancelled: Panel practice (Knowledge Management)")
        assert "Their message: The venue has flooded & we will rearrange." in email.body
        assert "stays on the calendar, marked as cancelled" in email.body
    assert told(organiser) == []

    page = client.get(event.get_absolute_url()).content.decode()
    assert "“Panel practice” has been cancelled. 2 people signed up have been told." in page
    assert "This event has been cancelled" in page
    assert "The venue has flooded &amp; we will rearrange." in page
    assert "Edit this event" not in page and "Cancel this event" not in page
    ics = client.get(reverse("events:ics", args=[event.community.slug, event.pk]))
    assert b"STATUS:CANCELLED" in ics.content


def test_a_cancelled_event_takes_no_sign_ups_changes_or_promotions(
    client, event, organiser, going, waiting, community
):
    services.event_cancel(event=event, user=organiser)
    with pytest.raises(services.Invalid, match="cancelled"):
        services.attend(event=event, user=member_of(community))
    with pytest.raises(services.Invalid, match="cancelled"):
        services.event_update(event=event, user=organiser, location="Leeds")
    with pytest.raises(services.Invalid, match="already been cancelled"):
        services.event_cancel(event=event, user=organiser)
    # Someone going withdraws: nobody is promoted into a cancelled event.
    services.leave(event=event, user=going)
    assert Attendance.objects.get(user=waiting).state == Attendance.State.WAITLISTED
    assert Notification.objects.filter(user=waiting).count() == 1  # the cancellation only
    event.refresh_from_db()
    assert (event.attendee_count, event.waitlist_count) == (0, 1)

    client.force_login(organiser)
    edit = client.get(reverse("events:edit", args=[event.community.slug, event.pk]), follow=True)
    assert "it can no longer be changed" in edit.content.decode()
    listing = client.get(reverse("events:index", args=[event.community.slug])).content.decode()
    assert '<strong class="badge badge--alert">Cancelled</strong>' in listing


def test_a_cancellation_message_too_long_comes_back_with_what_was_typed(
    client, event, organiser, going
):
    client.force_login(organiser)
    note = " ".join(["We are very sorry."] * 60)  # 1,139 characters
    response = client.post(
        reverse("events:cancel", args=[event.community.slug, event.pk]), {"note": note}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Keep the message to 1,000 characters or fewer (it has 1139)." in page
    assert f"{note}</textarea>" in page
    event.refresh_from_db()
    assert not event.is_cancelled
    assert told(going) == []


def test_an_event_that_is_over_cannot_be_cancelled(client, community, organiser):
    now = timezone.now()
    event = EventFactory(
        community=community,
        created_by=organiser,
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=2),
    )
    client.force_login(organiser)
    response = client.post(
        reverse("events:cancel", args=[community.slug, event.pk]), {"note": ""}, follow=True
    )
    assert "This event is over: there is nothing to cancel." in response.content.decode()
    assert not Event.objects.get(pk=event.pk).is_cancelled


def test_deleting_an_upcoming_event_tells_the_people_signed_up(
    client, event, organiser, going, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    url = reverse("events:delete", args=[event.community.slug, event.pk])
    assert "will be told it is cancelled" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not Event.objects.exists()
    for person in (going, waiting):
        [notification] = told(person)
        assert notification.summary.endswith("has been cancelled and removed from the calendar.")
        assert notification.url == reverse("events:index", args=[event.community.slug])
        [email] = mail_to(mailoutbox, person)
        assert "It has been removed from the calendar." in email.body


def test_deleting_a_cancelled_or_past_event_tells_nobody_again(event, organiser, going):
    services.event_cancel(event=event, user=organiser)
    services.event_delete(event=event, user=organiser)
    assert len(told(going)) == 1


def test_plain_text_emails_are_not_html_escaped(
    event, organiser, going, mailoutbox, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=event.pk).update(title="Q&A: “what's next?”")
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, user=organiser, location="Bath & Wells")
    [email] = mailoutbox
    assert "Q&A: “what's next?”" in email.subject
    assert "“Bath & Wells”" in email.body and "&amp;" not in email.body


def test_someone_who_is_not_signed_up_hears_nothing(event, organiser, going, community):
    bystander = member_of(community)
    services.event_update(event=event, user=organiser, location="Leeds")
    assert told(bystander) == [] and len(told(going)) == 1

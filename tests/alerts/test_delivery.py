"""Delivery of alerts and digests: claims, stable Message-IDs, retries, refusals and catch-up.

These talk SMTP to the in-process aiosmtpd sink (tests/fixtures/services.py), which can refuse a
recipient with a 5xx or be shut down, instead of Django's in-memory outbox."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import mail
from django.utils import timezone

from activity.models import Activity, Verb
from alerts import delivery, digests, immediate
from alerts.digests import deliver_batch, latest_period
from alerts.models import Delivery, EmailFailure, Frequency, SentAlert, SentDigest, Subscription
from core.delivery import message_id, retry_countdown, retry_window_over
from core.tasks import send_email
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, yesterday
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db

REFUSED = "550 5.1.1 No such mailbox here"


@pytest.fixture
def smtp(settings, smtp_sink):
    """Mail goes over SMTP to the sink for the test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_sink.host
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_TIMEOUT = 5
    return smtp_sink


def news(readers=1, *, created=None):
    community = CommunityFactory(name="Adoption Policy CoP")
    people = [follower(community) for _ in range(readers)]
    log(Verb.TOPIC_STARTED, community=community, actor=UserFactory(), title="Matching panels",
        created=created or yesterday())  # fmt: skip
    return community, people


def deliver(people, now=None):
    start, end = latest_period(Frequency.DAILY, now)
    return deliver_batch(Frequency.DAILY, start, end, [person.pk for person in people])


def test_each_digest_is_claimed_then_confirmed_and_carries_a_message_id_made_from_its_claim(smtp):
    _, [reader] = news()

    outcome = deliver([reader])

    assert outcome.sent == 1 and not outcome.unsent and not outcome.waiting
    [message] = smtp.messages
    start, _ = latest_period(Frequency.DAILY)
    row = SentDigest.objects.get(user=reader)
    assert (row.status, row.attempts, row.last_error) == (Delivery.SENT, 1, "")
    assert row.claimed_at <= row.sent_at
    day = timezone.localtime(start).date().isoformat()
    assert message["Message-ID"] == f"<digest.daily.{day}.{reader.pk}@127.0.0.1>"


def test_a_claim_its_worker_never_confirmed_is_sent_again_with_the_same_message_id(smtp, settings):
    _, [abandoned, busy] = news(readers=2)
    start, end = latest_period(Frequency.DAILY)
    long_ago = timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT + 1)
    for person, claimed_at in ((abandoned, long_ago), (busy, timezone.now())):
        SentDigest.objects.create(
            user=person, kind="daily", period_start=start, period_end=end,
            status=Delivery.CLAIMED, claimed_at=claimed_at, attempts=1,
        )  # fmt: skip

    outcome = deliver([abandoned, busy])

    # The stale claim is taken over; the fresh one belongs to a sender still at work.
    assert outcome.sent == 1 and outcome.waiting == [busy.pk]
    [message] = smtp.messages
    assert message["To"] == abandoned.email
    assert message["Message-ID"] == digests.digest_message_id("daily", start, abandoned.pk)
    row = SentDigest.objects.get(user=abandoned)
    assert (row.status, row.attempts) == (Delivery.SENT, 2)
    assert SentDigest.objects.get(user=busy).status == Delivery.CLAIMED


def test_claiming_many_at_once_decides_each_row_as_claiming_it_alone(settings):
    _, people = news(readers=6)
    new, pending, stale, busy, sent, failed = people
    start, end = latest_period(Frequency.DAILY)
    long_ago = timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT + 1)
    for person, status, claimed_at in (
        (pending, Delivery.PENDING, long_ago),
        (stale, Delivery.CLAIMED, long_ago),
        (busy, Delivery.CLAIMED, timezone.now()),
        (sent, Delivery.SENT, long_ago),
        (failed, Delivery.FAILED, long_ago),
    ):
        SentDigest.objects.create(user=person, kind="daily", period_start=start, period_end=end,
                                  status=status, claimed_at=claimed_at, attempts=1)  # fmt: skip

    keys = [{"user_id": p.pk, "kind": "daily", "period_start": start} for p in people]
    states = delivery.claim_many(
        SentDigest, [(key, {"period_end": end, "item_count": 1}) for key in keys]
    )

    assert [state for state, _ in states] == [
        delivery.CLAIMED, delivery.CLAIMED, delivery.CLAIMED, delivery.BUSY, delivery.DONE,
        delivery.DONE,
    ]  # fmt: skip
    rows = {row.user_id: row for row in SentDigest.objects.all()}
    assert [pk for _, pk in states[:3]] == [rows[p.pk].pk for p in (new, pending, stale)]
    assert [rows[p.pk].attempts for p in people] == [1, 2, 2, 1, 1, 1]
    assert {rows[p.pk].status for p in (new, pending, stale, busy)} == {Delivery.CLAIMED}


def test_claims_a_batch_holds_too_long_are_given_back_and_claimed_again(smtp, settings):
    settings.EMAIL_CLAIM_TIMEOUT = 0  # every chunk's claims are old once its first is sent
    _, people = news(readers=3)

    outcome = deliver(people)

    assert outcome.sent == 3 and not outcome.waiting
    assert sorted(m["To"] for m in smtp.messages) == sorted(p.email for p in people)
    assert [(row.status, row.attempts) for row in SentDigest.objects.all()] == [
        (Delivery.SENT, 1)
    ] * 3


def test_a_batch_that_stops_gives_back_the_claims_it_never_tried(smtp):
    _, [first, second, third] = news(readers=3)
    smtp.refuse[first.email] = "451 4.3.0 Try again later"

    deliver([first, second, third])

    statuses = {row.user_id: (row.status, row.attempts) for row in SentDigest.objects.all()}
    assert statuses == {
        first.pk: (Delivery.PENDING, 1),
        second.pk: (Delivery.PENDING, 0),
        third.pk: (Delivery.PENDING, 0),
    }


def test_sent_and_failed_digests_are_never_sent_again(smtp):
    _, people = news(readers=2)
    deliver(people)
    SentDigest.objects.filter(user=people[1]).update(status=Delivery.FAILED)

    assert deliver(people).sent == 0
    assert len(smtp.messages) == 2


def test_a_mail_server_that_is_down_leaves_everyone_to_retry_and_nothing_recorded_as_sent(smtp):
    _, people = news(readers=3)
    smtp.stop()

    outcome = deliver(people)

    assert outcome.sent == 0
    assert sorted(outcome.unsent) == sorted(p.pk for p in people)
    assert isinstance(outcome.error, OSError)
    assert not SentDigest.objects.filter(status=Delivery.SENT).exists()

    smtp.start()
    assert deliver(people).sent == 3


def test_a_4xx_answer_stops_the_batch_and_sets_the_claim_back_to_pending(smtp):
    _, [first, second] = news(readers=2)
    smtp.refuse[first.email] = "451 4.3.0 Try again later"

    outcome = deliver([first, second])

    assert outcome.sent == 0 and outcome.unsent == [first.pk, second.pk]
    row = SentDigest.objects.get(user=first)
    assert row.status == Delivery.PENDING and "451" in row.last_error
    assert not EmailFailure.objects.exists()  # a temporary failure is no mark against the address

    del smtp.refuse[first.email]
    assert deliver([first, second]).sent == 2
    assert SentDigest.objects.get(user=first).attempts == 2


def test_a_refused_address_is_recorded_never_retried_and_flagged_after_three_refusals(
    smtp, settings
):
    settings.EMAIL_BOUNCE_LIMIT = 3
    community, [gone, fine] = news(readers=2)
    smtp.refuse[gone.email] = REFUSED

    for days_ago in (3, 2, 1):
        earlier = timedelta(days=days_ago - 1)
        now = timezone.now() - earlier
        log(community=community, title=f"News {days_ago}", created=yesterday() - earlier)
        outcome = deliver([gone, fine], now=now)
        assert outcome.sent == 1 and not outcome.unsent  # the batch goes on past a refusal

    failure = EmailFailure.objects.get()
    assert (failure.address, failure.user, failure.refusals, failure.code) == (
        gone.email.lower(), gone, 3, 550)  # fmt: skip
    assert "No such mailbox" in failure.message and failure.flagged_at is not None
    assert SentDigest.objects.filter(user=gone, status=Delivery.FAILED).count() == 3
    assert [m["To"] for m in smtp.messages] == [fine.email] * 3

    # Flagged: not even tried (the server would have refused again), and no claim is made.
    log(community=community, title="Today's news", created=timezone.now())
    del smtp.refuse[gone.email]
    tomorrow = timezone.now() + timedelta(days=1)
    assert deliver([gone], now=tomorrow).sent == 0
    assert EmailFailure.objects.get().refusals == 3

    # Confirming the address again (allauth) lifts the flag.
    address, _ = EmailAddress.objects.get_or_create(user=gone, email=gone.email)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert EmailFailure.objects.get().flagged_at is None
    assert deliver([gone], now=tomorrow).sent == 1


def test_giving_up_after_the_retry_window_records_the_digest_and_the_address(smtp):
    _, [reader] = news()
    start, end = latest_period(Frequency.DAILY)

    digests.give_up("daily", start, end, [reader.pk], OSError("Connection refused"))

    row = SentDigest.objects.get(user=reader)
    assert row.status == Delivery.FAILED
    assert row.last_error == "Gave up after 24 h: Connection refused"
    failure = EmailFailure.objects.get(address=reader.email.lower())
    assert (failure.undelivered, failure.refusals, failure.flagged_at) == (1, 0, None)
    assert deliver([reader]).sent == 0  # recorded as not delivered: not retried for ever


def test_the_beat_run_catches_up_on_a_recent_digest_that_was_never_sent(run_digests):
    community = CommunityFactory()
    missed = follower(community)
    Subscription.objects.filter(user=missed).update(created=timezone.now() - timedelta(days=5))
    newcomer = follower(community)  # followed only today: not owed the news of two days ago
    log(community=community, title="Two days ago", created=yesterday() - timedelta(days=1))

    sent = run_digests("daily")

    assert [m.to for m in sent] == [[missed.email]]
    assert "Two days ago" in sent[0].body
    [row] = SentDigest.objects.filter(status=Delivery.SENT)
    assert row.user == missed and row.period_start < latest_period("daily")[0]
    assert run_digests("daily") == []  # and exactly once
    assert newcomer.pk not in SentDigest.objects.values_list("user_id", flat=True)


def test_immediate_alerts_are_claimed_confirmed_and_identified_by_action_and_person(smtp):
    community = CommunityFactory()
    eager = follower(community, Frequency.IMMEDIATE)
    activity = log(community=community, title="Taxonomy workshop")

    assert immediate.send_for(activity.pk) == 1
    assert immediate.send_for(activity.pk) == 0

    [message] = smtp.messages
    row = SentAlert.objects.get()
    assert (row.user, row.status, row.attempts) == (eager, Delivery.SENT, 1)
    key = Activity.objects.get(pk=activity.pk).action_key
    assert message["Message-ID"] == message_id("alert", key, eager.pk)


def test_an_immediate_alert_to_a_refused_address_is_recorded_as_failed(smtp):
    community = CommunityFactory()
    gone = follower(community, Frequency.IMMEDIATE)
    smtp.refuse[gone.email] = REFUSED
    activity = log(community=community)

    outcome = immediate.deliver(activity.pk)

    assert outcome.sent == 0 and not outcome.unsent
    assert SentAlert.objects.get().status == Delivery.FAILED
    assert EmailFailure.objects.get().refusals == 1


def test_other_email_records_a_refused_recipient_and_is_not_retried(smtp):
    smtp.refuse["nobody@example.org"] = REFUSED

    assert send_email.delay(to=["nobody@example.org"], template="core/email/feedback",
                            context={"author": "Ada", "message": "Hi"}).get() == 0  # fmt: skip

    failure = EmailFailure.objects.get()
    assert (failure.address, failure.refusals, failure.code) == ("nobody@example.org", 1, 550)
    assert smtp.messages == []


def test_other_email_keeps_one_message_id_per_task(smtp):
    send_email.delay(to=["team@example.org"], template="core/email/feedback",
                     context={"author": "Ada", "message": "Hi"})  # fmt: skip
    [message] = smtp.messages
    assert message["Message-ID"].startswith("<email.") and message["Message-ID"].endswith(
        "@127.0.0.1>"
    )


def test_inline_email_with_the_server_down_raises_instead_of_retrying_forever(smtp):
    smtp.stop()
    with pytest.raises(OSError):
        send_email.delay(to=["team@example.org"], template="core/email/feedback",
                         context={"author": "Ada", "message": "Hi"})  # fmt: skip
    assert not mail.outbox


def test_retries_back_off_exponentially_up_to_a_cap_for_the_retry_window(settings):
    settings.EMAIL_RETRY_BACKOFF = 15
    settings.EMAIL_RETRY_BACKOFF_MAX = 120
    settings.EMAIL_RETRY_HOURS = 24
    assert [retry_countdown(n) for n in range(6)] == [15, 30, 60, 120, 120, 120]
    assert retry_countdown(10_000) == 120
    assert not retry_window_over((timezone.now() - timedelta(hours=23)).isoformat())
    assert retry_window_over((timezone.now() - timedelta(hours=25)).isoformat())


def test_the_broker_redelivers_within_minutes_and_tasks_have_time_limits(monkeypatch):
    """Not only in tests: production has them (from base settings)."""
    import importlib

    for name in ("CELERY_VISIBILITY_TIMEOUT", "CELERY_TASK_TIME_LIMIT", "EMAIL_RETRY_HOURS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "cop.example.org")
    settings = importlib.reload(importlib.import_module("cop_platform.settings.production"))

    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= 600
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    # A retry's countdown plus a whole run fit inside the visibility timeout, so Redis never
    # hands a waiting or running task to a second worker.
    assert (
        settings.EMAIL_RETRY_BACKOFF_MAX + settings.CELERY_TASK_TIME_LIMIT
        < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
    assert settings.EMAIL_CLAIM_TIMEOUT > 3 * settings.EMAIL_TIMEOUT
    assert settings.EMAIL_RETRY_HOURS >= 24


def test_site_admins_see_failing_addresses_and_can_send_to_a_flagged_one_again(client, site_admin):
    gone = UserFactory(email="gone@example.org")
    EmailFailure.objects.create(address="gone@example.org", user=gone, code=550, refusals=3,
                                message="No such mailbox", flagged_at=timezone.now())  # fmt: skip
    EmailFailure.objects.create(address="slow@example.org", undelivered=1, message="Not delivered")
    client.force_login(site_admin)

    page = client.get("/django-admin/alerts/emailfailure/?flagged=yes")

    assert page.status_code == 200
    assert b"gone@example.org" in page.content and b"slow@example.org" not in page.content
    assert b"No such mailbox" in page.content
    flagged = EmailFailure.objects.get(address="gone@example.org")
    client.post("/django-admin/alerts/emailfailure/",
                {"action": "clear_flag", "_selected_action": [flagged.pk]})  # fmt: skip
    flagged.refresh_from_db()
    assert (flagged.flagged_at, flagged.refusals) == (None, 0)


def test_members_cannot_see_the_failure_records(member_client):
    assert member_client.get("/django-admin/alerts/emailfailure/").status_code == 302

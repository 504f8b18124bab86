"""Digests at scale: a community's section is built and rendered once for everyone who gets it,
the message frame once per batch, the queries of a batch do not grow with its size, and reuse
never carries a section to someone who may no longer see it."""

from collections import Counter

import pytest
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from activity.models import Activity, Verb
from activity.services import hide_for
from alerts import digests
from alerts.digests import DigestWriter, deliver_batch, latest_period
from alerts.models import Delivery, SentDigest
from communities.services import membership_leave
from core.email import render_email
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, stand_in, yesterday
from tests.alerts.conftest import html_of
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders():
    """Template renders by name, counted while the test runs (the rendered-section cache of the
    process starts empty)."""
    digests._RENDERED.clear()
    counted = Counter()

    def count(sender, template, **kwargs):
        counted[template.name] += 1

    template_rendered.connect(count)
    yield counted
    template_rendered.disconnect(count)
    digests._RENDERED.clear()


def period():
    return latest_period("daily")


def send(users):
    start, end = period()
    return deliver_batch("daily", start, end, sorted(user.pk for user in users))


def test_a_communitys_section_is_rendered_once_however_many_get_it(renders, mailoutbox):
    community = CommunityFactory(name="Adoption Policy CoP")
    readers = [follower(community) for _ in range(12)]
    author = UserFactory(name="Priya Shah")
    for n in range(3):
        log(community=community, actor=author, title=f"Topic {n}", created=yesterday(9 + n))

    first, second = send(readers[:5]), send(readers[5:])  # two batches of the same run

    assert first.sent + second.sent == 12 == len(mailoutbox)
    assert renders["alerts/email/_digest_group.html"] == 1
    assert renders["alerts/email/_digest_group.txt"] == 1
    assert renders["alerts/email/digest.html"] == 2  # the frame: once per batch
    assert all("Topic 2" in m.body and "Topic 2" in html_of(m) for m in mailoutbox)


def test_a_section_changes_for_everyone_after_its_news_changes(renders, mailoutbox):
    community = CommunityFactory()
    readers = [follower(community) for _ in range(4)]
    row = log(community=community, title="Draft title", created=yesterday())
    withdrawn = stand_in(community)
    log(community=community, target=withdrawn, title="Withdrawn topic", created=yesterday())

    send(readers[:2])
    Activity.objects.filter(pk=row.pk).update(title="Final title")
    hide_for(withdrawn)
    send(readers[2:])

    early, late = mailoutbox[:2], mailoutbox[2:]
    assert all("Draft title" in m.body and "Withdrawn topic" in m.body for m in early)
    for message in late:
        for part in (message.body, html_of(message)):
            assert "Final title" in part
            assert "Draft title" not in part and "Withdrawn topic" not in part


def test_a_former_member_never_gets_a_private_section_rendered_for_others(
    renders, mailoutbox, canaries
):
    private = CommunityFactory(name="Adoption Policy CoP", private=True)
    public = CommunityFactory(name="Open CoP")
    stayer, leaver, late_leaver = (follower(private) for _ in range(3))
    follower(public, user=leaver)
    follower(public, user=late_leaver)
    token = canaries.plant(
        visible_to=lambda user: user == stayer, description="private topic in a digest"
    )
    log(community=private, title=f"Panel {token}", created=yesterday())
    log(community=public, title="Open topic", created=yesterday())

    membership_leave(user=leaver, community=private)
    send([stayer, leaver])  # the section is built and rendered for the stayer
    membership_leave(user=late_leaver, community=private)
    send([late_leaver])  # a later batch of the same run, with the section cached

    sent = {message.to[0]: message for message in mailoutbox}
    assert set(sent) == {stayer.email, leaver.email, late_leaver.email}
    assert token in sent[stayer.email].body
    for user in (leaver, late_leaver):
        message = sent[user.email]
        assert "Open topic" in message.body
        for part in (message.body, html_of(message), message.subject):
            assert token not in part and "Adoption Policy CoP" not in part
    assert renders["alerts/email/_digest_group.html"] == 2  # private once, public once


def queries_for(readers):
    with CaptureQueriesContext(connection) as captured:
        outcome = send(readers)
    assert outcome.sent == len(readers)
    return [query["sql"] for query in captured.captured_queries]


def test_the_queries_of_a_batch_do_not_grow_with_its_size_but_for_one_confirmation_each(
    renders, mailoutbox
):
    """Everything is read in bulk and claimed in one statement per CLAIM_CHUNK; the one query
    per message is its confirmation, kept on its own so that a crash leaves at most one
    message sent and not confirmed (alerts.delivery)."""
    private = CommunityFactory(private=True)
    public = CommunityFactory()
    warm, small, large = [], [], []
    for readers, count in ((warm, 2), (small, 3), (large, 15)):
        for _ in range(count):
            reader = follower(private)
            follower(public, user=reader)
            readers.append(reader)
    for community in (private, public):
        log(community=community, created=yesterday())
        log(Verb.WIKI_CREATED, community=community, title="Glossary", created=yesterday())

    queries_for(warm)  # what a process looks up once (content types, feature switches)
    queries = {len(readers): queries_for(readers) for readers in (small, large)}

    def confirmations(sqls):
        return [sql for sql in sqls if sql.startswith('UPDATE "alerts_sentdigest"')]

    assert len(confirmations(queries[3])) == 3 and len(confirmations(queries[15])) == 15
    assert len(queries[3]) - 3 == len(queries[15]) - 15
    assert SentDigest.objects.filter(status=Delivery.SENT).count() == 20


def test_a_batch_checks_visibility_with_the_same_queries_however_many_memberships_it_holds(
    renders, mailoutbox
):
    """Each reader belongs to private communities of their own (and a sub-community), so every
    reader is in situations nobody else in the batch is: the visibility check still reads the
    batch in a constant number of queries, and each reader gets only their own communities."""
    public = CommunityFactory()
    log(community=public, title="Open topic", created=yesterday())
    warm, small, large = [], [], []
    for readers, count in ((warm, 2), (small, 3), (large, 12)):
        for _ in range(count):
            own = CommunityFactory(private=True)
            inner = CommunityFactory(parent=own, private=True)
            reader = follower(own)
            follower(inner, user=reader)
            follower(public, user=reader)
            for community, title in ((own, "Own"), (inner, "Inner")):
                log(community=community, title=f"{title} ({reader.pk})", created=yesterday())
            readers.append(reader)

    queries_for(warm)
    queries = {len(readers): queries_for(readers) for readers in (small, large)}
    assert len(queries[3]) - 3 == len(queries[12]) - 12
    body = {message.to[0]: message.body for message in mailoutbox}
    everyone = warm + small + large
    for reader in everyone:
        assert f"Own ({reader.pk})" in body[reader.email]
        assert f"Inner ({reader.pk})" in body[reader.email]
        others = [other for other in everyone if other != reader]
        assert not any(f"Own ({other.pk})" in body[reader.email] for other in others)


def test_a_filled_in_frame_is_the_message_the_templates_would_render():
    """The frame with the person's parts filled in equals a full render of the templates, with
    a name that needs escaping in HTML and loses its control characters."""
    community = CommunityFactory(name="Tea & <Biscuits>")
    reader = follower(community, user=UserFactory(name='Ann "A&B" <O\'Neil>\x07'))
    row = log(community=community, title="Scones & jam", created=yesterday())
    start, end = period()
    writer = DigestWriter("daily", start, end)
    rows = list(Activity.objects.filter(pk=row.pk).select_related("actor", "community"))

    message = writer.message(reader, rows)

    groups = digests.render_groups(digests.build_groups(rows, digests._community_activity_url))
    unsubscribe = message.extra_headers["List-Unsubscribe"][1:-1]
    subject, text, html = render_email(
        "alerts/email/digest",
        {
            **writer.shared_context,
            "name": reader.display_name,
            "groups": groups,
            "item_count": 1,
            "community_count": 1,
            "unsubscribe_url": unsubscribe,
        },
    )
    assert (message.subject, message.body, html_of(message)) == (subject, text, html)
    assert "Ann &quot;A&amp;B&quot; &lt;O&#x27;Neil&gt;" in html and "\x07" not in text
    assert "Tea &amp; &lt;Biscuits&gt;" in html and "Tea & <Biscuits>" in text


def test_a_lane_in_a_thread_of_its_own_writes_in_the_callers_language_and_time_zone():
    """A batch sent over several connections writes from threads, which start with the
    default language and time zone."""
    from concurrent.futures import ThreadPoolExecutor

    from django.utils import timezone, translation

    from alerts.digests import _Lane

    with translation.override("fr"), timezone.override("Asia/Tokyo"):
        lane = _Lane("daily", *period(), writer=None, threaded=True)
    lane.run = lambda todo: (translation.get_language(), timezone.get_current_timezone_name())
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(lane.run_in_thread, []).result() == ("fr", "Asia/Tokyo")

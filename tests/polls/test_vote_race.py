"""Two votes by the same member at the same moment count once (PostgreSQL, real row locks)."""

import threading

import pytest
from django.db import connection, connections

from polls import services
from polls.models import Ballot, Choice, Poll, Vote
from tests.communities.factories import CommunityFactory, member_of
from tests.polls.factories import PollFactory

# Needs PostgreSQL: concurrent connections and SELECT ... FOR UPDATE (SQLite serialises whole
# transactions and has no row locks). `make test` runs it on its throwaway PostgreSQL.
pytestmark = pytest.mark.integration


@pytest.mark.parametrize("multiple", [False, True])
def test_two_concurrent_votes_by_one_member_leave_one_ballot_and_consistent_counts(
    transactional_db, multiple
):
    assert connection.vendor == "postgresql"
    community = CommunityFactory()
    voter = member_of(community)
    poll = PollFactory(community=community, multiple=multiple)
    yes, no, _ = poll.choices.all()
    start = threading.Barrier(2)
    errors = []

    def cast(choice):
        try:
            start.wait(timeout=10)
            services.vote(poll=poll, user=voter, choice_ids=[choice.pk])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(c,)) for c in (yes, no)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Ballot.objects.filter(poll=poll, user=voter).count() == 1
    [remaining] = Vote.objects.filter(poll=poll).values_list("choice_id", flat=True)
    assert remaining in {yes.pk, no.pk}
    counts = dict(Choice.objects.filter(poll=poll).values_list("pk", "vote_count"))
    assert counts[remaining] == 1 and sum(counts.values()) == 1
    assert Poll.objects.get(pk=poll.pk).voter_count == 1


def _at_once(*calls):
    """Run each call in its own thread (and connection), all released at the same moment.
    Returns what each raised (None when it did not)."""
    start = threading.Barrier(len(calls))
    raised = [None] * len(calls)

    def run(number, call):
        try:
            start.wait(timeout=10)
            call()
        except Exception as error:  # reported to the caller
            raised[number] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return raised


def _assert_counts_match_the_votes(poll):
    voted = Vote.objects.filter(poll=poll)
    for choice in Choice.objects.filter(poll=poll):
        assert choice.vote_count == voted.filter(choice=choice).count(), choice.text
    assert Poll.objects.get(pk=poll.pk).voter_count == Ballot.objects.filter(poll=poll).count()


def test_two_concurrent_withdrawals_by_one_member_take_the_vote_off_once(transactional_db):
    assert connection.vendor == "postgresql"
    community = CommunityFactory()
    voter, other = member_of(community), member_of(community)
    poll = PollFactory(community=community, multiple=True)
    yes, no, _ = poll.choices.all()
    services.vote(poll=poll, user=other, choice_ids=[yes.pk])
    services.vote(poll=poll, user=voter, choice_ids=[yes.pk, no.pk])

    def withdraw():
        services.vote_withdraw(poll=poll, user=voter)

    raised = _at_once(withdraw, withdraw)

    # One withdrew; the other found nothing left to withdraw, and said so.
    assert sorted(type(e).__name__ for e in raised) == ["Invalid", "NoneType"]
    assert not Ballot.objects.filter(poll=poll, user=voter).exists()
    assert dict(Choice.objects.filter(poll=poll).values_list("text", "vote_count")) == {
        "Yes": 1,
        "No": 0,
        "Sometimes": 0,
    }
    _assert_counts_match_the_votes(poll)


def test_a_withdrawal_racing_a_new_vote_by_the_same_member_leaves_consistent_counts(
    transactional_db,
):
    assert connection.vendor == "postgresql"
    community = CommunityFactory()
    voter = member_of(community)
    poll = PollFactory(community=community)
    yes, no, _ = poll.choices.all()
    services.vote(poll=poll, user=voter, choice_ids=[yes.pk])

    raised = _at_once(
        lambda: services.vote_withdraw(poll=poll, user=voter),
        lambda: services.vote(poll=poll, user=voter, choice_ids=[no.pk]),
    )

    # Either order is fine (withdraw then vote: one vote for No; vote then withdraw: none);
    # whichever it was, the counters agree with the rows.
    assert raised == [None, None]
    remaining = list(Vote.objects.filter(poll=poll).values_list("choice_id", flat=True))
    assert remaining in ([], [no.pk])
    _assert_counts_match_the_votes(poll)

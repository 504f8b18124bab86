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

"""The community home's poll: the newest open one, with the reader's own votes, in one query."""

from django.utils import timezone

from polls.models import Poll
from polls.selectors import newest_open_poll
from polls.services import vote
from tests.polls.factories import PollFactory


def test_the_newest_open_poll_comes_with_its_choices_and_my_votes_in_one_query(
    community, facilitator, voter, django_assert_num_queries
):
    older = PollFactory(community=community, created_by=facilitator, question="Older")
    newer = PollFactory(community=community, created_by=facilitator, question="Newer")
    PollFactory(community=community, created_by=facilitator, closed_at=timezone.now())
    vote(poll=newer, user=voter, choice_ids=[newer.choices.last().pk])
    polls = Poll.objects.visible_to(voter).in_community(community)
    with django_assert_num_queries(1):
        poll, choices = newest_open_poll(polls, voter)
        assert poll == newer
        assert [(c.text, c.mine) for c in choices] == [
            ("Yes", False),
            ("No", False),
            ("Sometimes", True),
        ]
    assert older.pk != poll.pk


def test_no_open_poll_means_no_panel(community, facilitator, voter):
    PollFactory(community=community, created_by=facilitator, closed_at=timezone.now())
    assert newest_open_poll(Poll.objects.visible_to(voter).in_community(community), voter) == (
        None,
        [],
    )

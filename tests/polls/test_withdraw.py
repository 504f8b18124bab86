"""A member who voted on an open poll can withdraw their vote, and vote again; the counts on the
poll page, the results and the community home follow. Not once the poll has closed or the
community is archived, and a member with no vote is told so."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from activity.models import Activity
from communities.models import Community
from polls import services
from polls.models import Ballot, Choice, Poll, Vote
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db


def counts(poll):
    return dict(Choice.objects.filter(poll=poll).values_list("text", "vote_count"))


def voters(poll):
    return Poll.objects.get(pk=poll.pk).voter_count


def withdraw_url(poll):
    return reverse("polls:withdraw", args=[poll.community.slug, poll.pk])


def vote(client, poll, *choices, **extra):
    return client.post(
        reverse("polls:vote", args=[poll.community.slug, poll.pk]),
        {"choice": [c.pk for c in choices], **extra},
    )


def messages_after(client, response):
    return client.get(response["Location"]).content.decode()


# --- the service -------------------------------------------------------------------------------
def test_withdrawing_removes_the_ballot_and_takes_the_vote_off_the_counts(community, voter):
    poll = PollFactory(community=community)
    yes, _no, _ = poll.choices.all()
    services.vote(poll=poll, user=member_of(community), choice_ids=[yes.pk])
    services.vote(poll=poll, user=voter, choice_ids=[yes.pk])
    assert counts(poll) == {"Yes": 2, "No": 0, "Sometimes": 0} and voters(poll) == 2

    services.vote_withdraw(poll=poll, user=voter)

    assert not Ballot.objects.filter(poll=poll, user=voter).exists()
    assert not Vote.objects.filter(poll=poll, user=voter).exists()
    assert counts(poll) == {"Yes": 1, "No": 0, "Sometimes": 0} and voters(poll) == 1


def test_withdrawing_from_a_multiple_choice_poll_takes_off_every_ticked_answer(community, voter):
    poll = PollFactory(community=community, multiple=True)
    yes, no, sometimes = poll.choices.all()
    services.vote(poll=poll, user=member_of(community), choice_ids=[yes.pk])
    services.vote(poll=poll, user=voter, choice_ids=[yes.pk, sometimes.pk])

    services.vote_withdraw(poll=poll, user=voter)

    assert counts(poll) == {"Yes": 1, "No": 0, "Sometimes": 0} and voters(poll) == 1


def test_a_member_who_withdrew_can_vote_again(community, voter):
    poll = PollFactory(community=community)
    yes, no, _ = poll.choices.all()
    services.vote(poll=poll, user=voter, choice_ids=[yes.pk])
    services.vote_withdraw(poll=poll, user=voter)

    _ballot, changed = services.vote(poll=poll, user=voter, choice_ids=[no.pk])

    assert changed is False  # a fresh vote, not a change
    assert list(Vote.objects.filter(poll=poll, user=voter).values_list("choice", flat=True)) == [
        no.pk
    ]
    assert counts(poll) == {"Yes": 0, "No": 1, "Sometimes": 0} and voters(poll) == 1


def test_a_member_with_no_vote_is_told_there_is_nothing_to_withdraw(community, voter):
    poll = PollFactory(community=community)
    services.vote(poll=poll, user=member_of(community), choice_ids=[poll.choices.first().pk])

    with pytest.raises(services.Invalid, match="You have no vote on this poll to withdraw."):
        services.vote_withdraw(poll=poll, user=voter)

    assert counts(poll) == {"Yes": 1, "No": 0, "Sometimes": 0} and voters(poll) == 1


def test_withdrawing_twice_counts_once(community, voter):
    poll = PollFactory(community=community)
    services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])
    services.vote_withdraw(poll=poll, user=voter)
    with pytest.raises(services.Invalid):
        services.vote_withdraw(poll=poll, user=voter)
    assert counts(poll) == {"Yes": 0, "No": 0, "Sometimes": 0} and voters(poll) == 0


@pytest.mark.parametrize("how", ["closed early", "past its closing date"])
def test_a_vote_on_a_closed_poll_cannot_be_withdrawn(community, voter, how):
    poll = PollFactory(community=community)
    services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])
    if how == "closed early":
        Poll.objects.filter(pk=poll.pk).update(closed_at=timezone.now())
    else:
        Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(services.Invalid, match="This poll has closed"):
        services.vote_withdraw(poll=poll, user=voter)

    assert Ballot.objects.filter(poll=poll, user=voter).exists()
    assert counts(poll) == {"Yes": 1, "No": 0, "Sometimes": 0} and voters(poll) == 1


def test_a_vote_in_an_archived_community_cannot_be_withdrawn(community, voter):
    poll = PollFactory(community=community)
    services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])
    community.stage = Community.Stage.CLOSEDOWN
    community.save()
    poll.community = Community.objects.get(pk=community.pk)

    with pytest.raises(PermissionDenied, match="read-only archive"):
        services.vote_withdraw(poll=poll, user=voter)

    assert Ballot.objects.filter(poll=poll, user=voter).exists() and voters(poll) == 1


def test_a_non_member_cannot_withdraw_anything(community):
    poll = PollFactory(community=community)
    with pytest.raises(PermissionDenied, match="Only members"):
        services.vote_withdraw(poll=poll, user=UserFactory())


def test_votes_write_no_activity_so_withdrawing_leaves_none_behind(community, voter):
    """Votes are private choices: the event log only has "opened the poll", from its creator."""
    poll = PollFactory(community=community)
    before = Activity.objects.count()
    services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])
    services.vote_withdraw(poll=poll, user=voter)
    assert Activity.objects.count() == before
    assert not Activity.objects.filter(actor=voter).exists()


# --- the pages ---------------------------------------------------------------------------------
def test_a_member_withdraws_from_the_poll_page_and_votes_again(client, community, voter):
    poll = PollFactory(community=community)
    yes, no, _ = poll.choices.all()
    client.force_login(voter)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Withdraw my vote" not in page  # nothing to withdraw yet

    vote(client, poll, yes)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "You have voted; you can change or withdraw your vote until it closes." in page
    assert f'action="{withdraw_url(poll)}"' in page and "Withdraw my vote</button>" in page
    assert "1 member voted." in page and "1 vote (100%)" in page

    response = client.post(withdraw_url(poll))
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    page = messages_after(client, response)
    assert "Your vote has been withdrawn. You can vote again until the poll closes." in page
    assert "0 members voted." in page and "You have voted" not in page
    assert "Vote to see the results." in page and ">Vote</button>" in page
    assert "Withdraw my vote" not in page

    vote(client, poll, no)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "1 member voted." in page and "your vote" in page
    assert counts(poll) == {"Yes": 0, "No": 1, "Sometimes": 0}


def test_facilitators_results_follow_a_withdrawal(client, community, facilitator, voter):
    poll = PollFactory(community=community, results_visibility=Poll.Results.AFTER_CLOSE)
    yes, no, _ = poll.choices.all()
    services.vote(poll=poll, user=member_of(community), choice_ids=[yes.pk])
    services.vote(poll=poll, user=voter, choice_ids=[no.pk])
    client.force_login(voter)
    client.post(withdraw_url(poll))

    client.force_login(facilitator)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "1 member voted." in page
    assert "1 vote (100%)" in page and "0 votes (0%)" in page


def test_withdrawing_on_the_community_home_returns_there(client, community, voter):
    poll = PollFactory(community=community)
    client.force_login(voter)
    vote(client, poll, poll.choices.first(), next=community.get_absolute_url())
    home = client.get(community.get_absolute_url()).content.decode()
    assert "Withdraw my vote</button>" in home
    assert f'<input type="hidden" name="next" value="{community.get_absolute_url()}">' in home

    response = client.post(withdraw_url(poll), {"next": community.get_absolute_url()})
    assert response["Location"] == community.get_absolute_url()
    home = messages_after(client, response)
    assert "Your vote has been withdrawn." in home
    assert "0 members voted." in home and "Withdraw my vote" not in home

    vote(client, poll, poll.choices.first())
    response = client.post(withdraw_url(poll), {"next": "https://evil.example/"})
    assert response["Location"] == poll.get_absolute_url()


def test_a_member_who_has_not_voted_gets_a_clear_message_not_an_error(client, community, voter):
    poll = PollFactory(community=community)
    client.force_login(voter)
    response = client.post(withdraw_url(poll), {"next": community.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert "You have no vote on this poll to withdraw." in messages_after(client, response)


def test_after_the_poll_closes_the_page_says_why_the_vote_stays(client, community, voter):
    poll = PollFactory(community=community)
    services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])
    Poll.objects.filter(pk=poll.pk).update(closed_at=timezone.now())
    client.force_login(voter)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Closed on" in page and "Withdraw my vote" not in page

    response = client.post(withdraw_url(poll))  # e.g. from a page opened before it closed
    assert response["Location"] == poll.get_absolute_url()
    page = messages_after(client, response)
    assert "This poll has closed: votes can no longer be withdrawn." in page
    assert Ballot.objects.filter(poll=poll, user=voter).exists() and voters(poll) == 1


def test_an_archived_community_keeps_its_votes(client, community, voter):
    poll = PollFactory(community=community)
    services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])
    community.stage = Community.Stage.CLOSEDOWN
    community.save()
    client.force_login(voter)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Withdraw my vote" not in page

    response = client.post(withdraw_url(poll))
    assert response.status_code == 403
    assert "has closed down: it is a read-only archive." in response.content.decode()
    assert voters(poll) == 1


def test_withdraw_is_a_post_only_address(client, community, voter):
    poll = PollFactory(community=community)
    services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])
    client.force_login(voter)
    assert client.get(withdraw_url(poll)).status_code == 405
    assert voters(poll) == 1


def test_a_poll_addressed_through_another_communitys_slug_is_not_found(client, community, voter):
    poll = PollFactory(community=community)
    services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])
    elsewhere = CommunityFactory()
    member_of(elsewhere, voter)
    client.force_login(voter)
    response = client.post(reverse("polls:withdraw", args=[elsewhere.slug, poll.pk]))
    assert response.status_code == 404
    assert client.post(reverse("polls:withdraw", args=[community.slug, 999999])).status_code == 404
    assert voters(poll) == 1


def test_outsiders_of_a_private_community_get_its_ask_to_join_page_or_nothing(client):
    private = CommunityFactory(private=True)
    poll = PollFactory(community=private, question="Which secret topic next?")
    services.vote(poll=poll, user=member_of(private), choice_ids=[poll.choices.first().pk])
    outsider = UserFactory()
    client.force_login(outsider)
    response = client.post(withdraw_url(poll))
    assert response.status_code == 403  # listed: the ask-to-join page, without the poll
    assert "Which secret topic next?" not in response.content.decode()

    hidden = CommunityFactory(private=True, parent=private)
    hidden_poll = PollFactory(community=hidden)
    assert client.post(withdraw_url(hidden_poll)).status_code == 404
    assert voters(poll) == 1


def test_signed_out_visitors_are_sent_to_sign_in(client, community):
    poll = PollFactory(community=community)
    response = client.post(withdraw_url(poll))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_withdrawing_and_the_pages_it_touches_cost_constant_queries(
    client, community, voter, django_assert_max_num_queries
):
    poll = PollFactory(
        community=community, multiple=True, choices=[f"Option {n}" for n in range(10)]
    )
    choice_ids = list(poll.choices.values_list("pk", flat=True))
    for _ in range(20):
        services.vote(poll=poll, user=member_of(community), choice_ids=choice_ids[:3])
    client.force_login(voter)
    client.get(community.get_absolute_url())  # warms what communities.sight caches
    for _ in range(2):  # the second time, after a withdrawal and a new vote
        services.vote(poll=poll, user=voter, choice_ids=choice_ids)  # all ten ticked
        with django_assert_max_num_queries(10):
            assert client.get(poll.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(26):
            assert client.get(community.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(16):
            assert client.post(withdraw_url(poll)).status_code == 302
    assert voters(poll) == 20

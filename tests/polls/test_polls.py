"""Facilitators run polls; members vote once, may change their vote until it closes, and see
results as counts and bars when the poll's setting allows."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from activity.models import Activity, Verb
from polls import services
from polls.models import Ballot, Choice, Poll, Vote
from tests.communities.factories import CommunityFactory, member_of
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db


def poll_data(**overrides):
    data = {
        "question": "How useful is this tool? Does it encourage participation?",
        "choice_1": "Yes",
        "choice_2": "No",
        "choice_3": "Sometimes",
        "multiple": "no",
        "closes_at": "",
        "results_visibility": "after_vote",
    }
    data.update(overrides)
    return data


def vote(client, poll, *choices):
    return client.post(
        reverse("polls:vote", args=[poll.community.slug, poll.pk]),
        {"choice": [c.pk for c in choices]},
    )


def test_a_facilitator_opens_a_poll_that_appears_on_the_community_home(
    client, community, facilitator, voter
):
    client.force_login(facilitator)
    response = client.post(reverse("polls:new", args=[community.slug]), poll_data())
    poll = Poll.objects.get()
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert [c.text for c in poll.choices.all()] == ["Yes", "No", "Sometimes"]
    assert Activity.objects.filter(verb=Verb.POLL_OPENED, actor=facilitator).exists()

    client.force_login(voter)
    home = client.get(community.get_absolute_url()).content.decode()
    assert "How useful is this tool?" in home
    assert 'type="radio" name="choice"' in home
    assert ">Vote</button>" in home


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"choice_2": "", "choice_3": ""}, "Give at least 2 choices."),
        ({"choice_2": "yes"}, "Each choice must be different."),
        ({"question": ""}, "Write the question members will answer."),
        ({"closes_at": "2001-01-01T10:00"}, "The closing date must be in the future."),
        ({"closes_at": "soon"}, "Enter a date and time"),
    ],
)
def test_a_bad_poll_comes_back_with_the_typed_choices_and_a_clear_message(
    client, community, facilitator, overrides, message
):
    client.force_login(facilitator)
    response = client.post(reverse("polls:new", args=[community.slug]), poll_data(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert not Poll.objects.exists()
    for number in (1, 2, 3):
        typed = poll_data(**overrides)[f"choice_{number}"]
        if typed:
            assert f'value="{typed}"' in page


def test_ten_choices_at_most(client, community, facilitator):
    client.force_login(facilitator)
    data = poll_data(**{f"choice_{n}": f"Option {n}" for n in range(1, 11)})
    client.post(reverse("polls:new", args=[community.slug]), data)
    assert Poll.objects.get().choices.count() == 10
    form = client.get(reverse("polls:new", args=[community.slug])).content.decode()
    assert "choice_10" in form and "choice_11" not in form


def test_members_cannot_create_polls(client, community, voter):
    client.force_login(voter)
    assert client.get(reverse("polls:new", args=[community.slug])).status_code == 403


def test_a_member_votes_sees_results_and_can_change_their_vote(client, community, voter):
    poll = PollFactory(community=community)
    yes, no, _sometimes = poll.choices.all()
    client.force_login(voter)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Vote to see the results." in page and "Results" not in page

    assert vote(client, poll, yes).status_code == 302
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Results so far" in page
    assert "1 vote (100%)" in page and "poll-bar__fill--100" in page
    assert "You have voted; you can change or withdraw your vote until it closes." in page

    vote(client, poll, no)
    assert dict(Choice.objects.values_list("text", "vote_count")) == {
        "Yes": 0,
        "No": 1,
        "Sometimes": 0,
    }
    assert Ballot.objects.count() == 1 and Poll.objects.get().voter_count == 1


def test_results_percentages_and_bars(client, community, voter):
    poll = PollFactory(community=community)
    yes, no, sometimes = poll.choices.all()
    for choice in (yes, yes, no):
        services.vote(poll=poll, user=member_of(community), choice_ids=[choice.pk])
    client.force_login(voter)
    vote(client, poll, sometimes)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "2 votes (50%)" in page and "poll-bar__fill--50" in page
    assert "1 vote (25%)" in page and "poll-bar__fill--25" in page
    assert "4 members voted." in page


def test_voting_without_choosing_explains_what_to_do(client, community, voter):
    poll = PollFactory(community=community)
    client.force_login(voter)
    response = client.post(reverse("polls:vote", args=[community.slug, poll.pk]), {})
    assert response.status_code == 200
    assert "Choose one of the answers." in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_single_choice_poll_refuses_two_answers(community, voter):
    poll = PollFactory(community=community)
    yes, no, _ = poll.choices.all()
    with pytest.raises(services.Invalid, match="Choose only one answer."):
        services.vote(poll=poll, user=voter, choice_ids=[yes.pk, no.pk])


def test_a_multiple_choice_poll_counts_each_ticked_answer(client, community, voter):
    poll = PollFactory(community=community, multiple=True)
    yes, no, sometimes = poll.choices.all()
    client.force_login(voter)
    vote(client, poll, yes, sometimes)
    assert sorted(Vote.objects.values_list("choice__text", flat=True)) == ["Sometimes", "Yes"]
    vote(client, poll, no)
    assert list(Vote.objects.values_list("choice__text", flat=True)) == ["No"]
    counts = dict(Choice.objects.values_list("text", "vote_count"))
    assert counts == {"Yes": 0, "No": 1, "Sometimes": 0}


def test_results_after_close_stay_hidden_until_the_facilitator_closes_it(
    client, community, facilitator, voter
):
    poll = PollFactory(community=community, results_visibility=Poll.Results.AFTER_CLOSE)
    yes = poll.choices.first()
    client.force_login(voter)
    vote(client, poll, yes)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Results will be shown when the poll closes." in page
    assert "1 vote (100%)" not in page

    client.force_login(facilitator)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Only facilitators see these results until the poll closes." in page
    assert client.post(reverse("polls:close", args=[community.slug, poll.pk])).status_code == 302

    client.force_login(voter)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Closed on" in page and "1 vote (100%)" in page
    assert 'name="choice"' not in page
    response = vote(client, poll, poll.choices.last())
    assert response.status_code == 302
    assert "This poll has closed" in client.get(response["Location"]).content.decode()
    assert Vote.objects.get().choice == yes


def test_a_poll_past_its_closing_date_takes_no_more_votes(community, voter):
    poll = PollFactory(community=community, closes_at=timezone.now() - timedelta(minutes=1))
    assert poll in Poll.objects.closed() and poll not in Poll.objects.open()
    with pytest.raises(services.Invalid):
        services.vote(poll=poll, user=voter, choice_ids=[poll.choices.first().pk])


def test_the_database_allows_one_ballot_per_member_and_one_vote_on_a_single_choice_poll(
    community, voter
):
    poll = PollFactory(community=community)
    yes, no, _ = poll.choices.all()
    ballot = Ballot.objects.create(poll=poll, user=voter)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll, user=voter)
    Vote.objects.create(ballot=ballot, poll=poll, choice=yes, user=voter)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(ballot=ballot, poll=poll, choice=no, user=voter)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(ballot=ballot, poll=poll, choice=yes, user=voter, single_choice=False)


def test_an_archived_community_shows_its_polls_but_takes_no_votes(client):
    community = CommunityFactory(archived=True)
    voter = member_of(community)
    poll = PollFactory(community=community)
    client.force_login(voter)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert poll.question in page and 'name="choice"' not in page
    assert vote(client, poll, poll.choices.first()).status_code == 403


def test_the_home_page_vote_returns_to_the_home_page(client, community, voter):
    poll = PollFactory(community=community)
    client.force_login(voter)
    response = client.post(
        reverse("polls:vote", args=[community.slug, poll.pk]),
        {"choice": poll.choices.first().pk, "next": community.get_absolute_url()},
    )
    assert response["Location"] == community.get_absolute_url()
    response = client.post(
        reverse("polls:vote", args=[community.slug, poll.pk]),
        {"choice": poll.choices.first().pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == poll.get_absolute_url()


def test_poll_pages_cost_constant_queries(client, community, voter, django_assert_max_num_queries):
    poll = PollFactory(community=community, choices=[f"Option {n}" for n in range(10)])
    for _ in range(20):
        services.vote(poll=poll, user=member_of(community), choice_ids=[poll.choices.first().pk])
    client.force_login(voter)
    client.get(poll.get_absolute_url())  # warms what communities.sight caches
    with django_assert_max_num_queries(10):
        assert client.get(poll.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("polls:index", args=[community.slug])).status_code == 200


def test_a_facilitator_deletes_a_poll(client, community, facilitator):
    poll = PollFactory(community=community)
    client.force_login(facilitator)
    client.post(reverse("polls:delete", args=[community.slug, poll.pk]))
    assert not Poll.objects.exists()


def test_a_sub_community_has_no_polls_when_its_parent_turns_them_off(client):
    parent = CommunityFactory(features=["forum", "polls"])
    sub = CommunityFactory(parent=parent, features=["polls"])
    user = member_of(parent)
    member_of(sub, user)
    poll = PollFactory(community=sub)
    client.force_login(user)
    assert client.get(poll.get_absolute_url()).status_code == 200
    parent.features = ["forum"]
    parent.save()
    assert client.get(poll.get_absolute_url()).status_code == 404
    assert poll.question not in client.get(sub.get_absolute_url()).content.decode()

"""Demo polls for `make run`: an open poll with votes on the CoP Facilitators CoP home page (the
"How useful is this tool?"), and a closed one. Idempotent."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from .models import Ballot, Choice, Poll, Vote

POLLS = [
    {
        "question": "How useful is this tool? Does it encourage participation and deep learning?",
        "choices": ["Yes", "No", "Sometimes"],
        "votes": {"grace": "Yes", "owen": "Sometimes", "mei": "Yes"},
        "closed_days_ago": None,
    },
    {
        "question": "Which day suits the monthly facilitators' call best?",
        "choices": ["Tuesday", "Wednesday", "Thursday"],
        "votes": {"grace": "Wednesday", "owen": "Wednesday", "mei": "Thursday"},
        "closed_days_ago": 20,
    },
]


def seed(ctx):
    users = ctx["users"]
    community = ctx.get("communities", {}).get("facilitators")
    if community is None:
        return
    for spec in POLLS:
        closed = spec["closed_days_ago"]
        poll, _ = Poll.objects.get_or_create(
            community=community,
            question=spec["question"],
            defaults={
                "created_by": users["facilitator"],
                "closed_at": timezone.now() - timedelta(days=closed) if closed else None,
            },
        )
        choices = {}
        for order, text in enumerate(spec["choices"], 1):
            choices[text], _ = Choice.objects.get_or_create(
                poll=poll, order=order, defaults={"text": text}
            )
        for key, text in spec["votes"].items():
            ballot, created = Ballot.objects.get_or_create(poll=poll, user=users[key])
            if created:
                Vote.objects.create(ballot=ballot, poll=poll, choice=choices[text], user=users[key])
        for choice in poll.choices.annotate(n=Count("votes")):
            Choice.objects.filter(pk=choice.pk).update(vote_count=choice.n)
        Poll.objects.filter(pk=poll.pk).update(voter_count=poll.ballots.count())

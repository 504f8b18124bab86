"""Demo polls for `make run`: an open poll with votes on the CoP Facilitators CoP home page (the
"How useful is this tool?"), and one the facilitator closed. Made through the polls services
(quietly, see core.quiet) at the dates of the story (core.storytime): opened `opened` days ago,
votes a day apart after that. Idempotent: a poll that exists (by community and question) is
left alone."""

from datetime import timedelta

from django.utils import timezone

from core.storytime import at, backdate

from .models import Poll
from .services import poll_close, poll_create, vote

POLLS = [
    {
        "question": "How useful is this tool? Does it encourage participation and deep learning?",
        "choices": ["Yes", "No", "Sometimes"],
        "votes": {"grace": "Yes", "owen": "Sometimes", "mei": "Yes"},
        "opened": 10,
        "closed_days_ago": None,
    },
    {
        "question": "Which day suits the monthly facilitators' call best?",
        "choices": ["Tuesday", "Wednesday", "Thursday"],
        "votes": {"grace": "Wednesday", "owen": "Wednesday", "mei": "Thursday"},
        "opened": 35,
        "closed_days_ago": 20,
    },
]


def seed(ctx):
    users = ctx["users"]
    community = ctx.get("communities", {}).get("facilitators")
    if community is None:
        return
    now = timezone.now()
    facilitator = users["facilitator"]
    for spec in POLLS:
        if Poll.objects.filter(community=community, question=spec["question"]).exists():
            continue
        opened = now - timedelta(days=spec["opened"])
        with at(opened):
            poll = poll_create(
                community=community,
                user=facilitator,
                question=spec["question"],
                choices=spec["choices"],
            )
        backdate(poll, opened)
        choices = {choice.text: choice.pk for choice in poll.choices.all()}
        for n, (key, text) in enumerate(spec["votes"].items(), start=1):
            when = opened + timedelta(days=n)
            with at(when):
                ballot, _ = vote(poll=poll, user=users[key], choice_ids=[choices[text]])
            backdate(ballot, when)
        if spec["closed_days_ago"]:
            closed = now - timedelta(days=spec["closed_days_ago"])
            with at(closed):
                poll = poll_close(poll=poll, user=facilitator)
            backdate(poll, closed, "closed_at", "updated", created=False)

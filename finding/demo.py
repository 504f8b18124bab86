"""Demo data (seed_demo): the pinned "Introduce yourself" topic in Social Media and Online
Collaboration with a newcomer's introduction, a question there that waited two days and was
routed to Grace (whose expertise is social media), and, once everything exists, what every
community is about, so demo members see their recommendations on My home. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from core.storytime import at, backdate
from forums.models import Topic
from forums.services import reply_create, topic_create

from . import recommend, services
from .models import Ask
from .newcomers import settings_for

QUESTION = "How do you schedule social media posts across services?"


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    social = communities.get("social")
    grace, mei, tom = (users.get(key) for key in ("grace", "mei", "tom"))
    if social is not None and grace is not None and social.has_feature("forum"):
        if settings_for(social).intro_topic is None:
            started = timezone.now() - timedelta(days=7)
            with at(started):
                services.intro_topic_switch(community=social, by=grace, on=True)
            intro = settings_for(social).intro_topic
            backdate(intro, started, "last_activity_at")
            backdate(intro.opening_post, started)
            if tom is not None:
                said = started + timedelta(hours=3)
                with at(said):
                    hello = reply_create(
                        topic=intro,
                        author=tom,
                        body="<p>Hello, I am Tom: procurement in Cardiff, new to social media.</p>",
                    )
                backdate(hello, said)
                backdate(intro, said, "last_activity_at", created=False)
        if mei is not None and not Topic.objects.filter(community=social, title=QUESTION).exists():
            when = timezone.now() - timedelta(days=2)
            with at(when):
                question = topic_create(
                    community=social,
                    author=mei,
                    title=QUESTION,
                    body="<p>Our libraries, leisure and waste teams each post on their own. "
                    "Is there a tool that lets one person plan the week for all of them?</p>",
                    kind=Topic.Kind.QUESTION,
                )
            backdate(question, when, "last_activity_at")
            backdate(question.opening_post, when)
        question = Topic.objects.filter(community=social, title=QUESTION).first()
        if mei is not None and question and not Ask.objects.filter(topic=question).exists():
            services.ask_send(topic=question, person=grace, by=mei)
    ctx["finish"].append(recommend.refresh_all)

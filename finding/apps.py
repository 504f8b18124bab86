from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingConfig(AppConfig):
    name = "finding"
    verbose_name = _("Recommendations, newcomer paths and question routing")

    def ready(self):
        from activity.services import on_recorded
        from communities import signals
        from core.handoff import enqueue
        from core.quiet import is_quiet
        from forums.features import REPLY_POSTED, TOPIC_STARTED

        from . import (
            home,  # noqa: F401  (registers the My home panel)
            people,  # noqa: F401  (registers the finder's evidence from answers)
        )
        from .services import checklist_start, first_post_mark
        from .tasks import refresh_community_terms

        @on_recorded
        def flag_first_posts(activity):
            if activity.verb not in (TOPIC_STARTED, REPLY_POSTED) or activity.community_id is None:
                return
            from forums.models import Post, Topic

            if activity.verb == TOPIC_STARTED:
                topic = Topic.objects.filter(pk=activity.target_id).first()
                post = topic.opening_post if topic else None
            else:
                post = Post.objects.filter(pk=activity.target_id).first()
            if post is not None:
                first_post_mark(post)

        def joined(sender, user, community, **kwargs):
            checklist_start(user=user, community=community)
            if not is_quiet():
                enqueue(refresh_community_terms, community.pk)

        def left(sender, user, community_ids, **kwargs):
            for community_id in [] if is_quiet() else community_ids:
                enqueue(refresh_community_terms, community_id)

        signals.member_added.connect(joined, weak=False, dispatch_uid="finding_joined")
        signals.member_left.connect(left, weak=False, dispatch_uid="finding_left")

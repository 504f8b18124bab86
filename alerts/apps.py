from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from activity import verbs
        from activity.services import on_recorded
        from communities import signals
        from core.handoff import enqueue
        from profiles.services import email_pauses

        from .services import preferences_for, subscribe_on_join, unsubscribe_on_leave
        from .tasks import send_immediate_alerts

        @on_recorded
        def queue_immediate_alerts(activity):
            if activity.verb in verbs.alerting():
                enqueue(send_immediate_alerts, activity.pk)

        def joined(sender, user, community, **kwargs):
            subscribe_on_join(user=user, community=community)

        def left(sender, user, community_ids, **kwargs):
            unsubscribe_on_leave(user=user, community_ids=community_ids)

        signals.member_added.connect(joined, weak=False, dispatch_uid="alerts_joined")
        signals.member_left.connect(left, weak=False, dispatch_uid="alerts_left")
        # "Pause all email alerts" stops message emails too.
        email_pauses.append(lambda user: preferences_for(user).paused)
        # Refused and undelivered email (core.tasks.send_email's too) is recorded per address.
        from .delivery import connect_signals

        connect_signals()

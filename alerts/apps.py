from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Alerts"

    def ready(self):
        from activity.models import ALERT_VERBS
        from activity.services import on_recorded

        from .tasks import send_immediate_alerts

        @on_recorded
        def queue_immediate_alerts(activity):
            if activity.verb in ALERT_VERBS:
                send_immediate_alerts.delay(activity.pk)

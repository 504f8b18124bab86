from django.apps import AppConfig


class InboundConfig(AppConfig):
    name = "inbound"
    verbose_name = "Reply by email"

    def ready(self):
        from anymail.signals import inbound

        from alerts.replyto import accept_replies

        from . import posting, signals

        # Alerts about the items this app can post to carry a reply address, for those who may.
        accept_replies(posting.can_receive, posting.may_reply)
        inbound.connect(signals.received_by_webhook, dispatch_uid="inbound_anymail")

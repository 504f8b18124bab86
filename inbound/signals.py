"""Receivers for other libraries' signals."""

from . import services


def received_by_webhook(sender, event, esp_name, **kwargs):
    """anymail's `inbound` signal: a hosted provider posted a received message to us."""
    message = event.message
    if message is None:
        return
    recipient = getattr(message, "envelope_recipient", None)
    services.receive(
        message.as_bytes(),
        recipients=[recipient] if recipient else None,
        envelope_sender=getattr(message, "envelope_sender", None),
        via="webhook",
    )

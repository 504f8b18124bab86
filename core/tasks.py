from celery import shared_task

from .email import send_templated_email


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to, template, context, headers=None):
    return send_templated_email(to=to, template=template, context=context, headers=headers)

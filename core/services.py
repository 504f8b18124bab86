from django.contrib.auth import get_user_model
from django.db import transaction

from . import features as feature_registry
from .email import queue_templated_email
from .models import Feedback

_home_sections = []


def register_home_section(builder):
    """The people, communities and activity apps add their panel to My home without core
    importing them; features declare theirs (`Feature.home_section`), shown after these."""
    _home_sections.append(builder)
    return builder


def my_home_context(user):
    declared = [f.home_section for f in feature_registry.features() if f.home_section]
    return {"home_sections": [section(user) for section in [*_home_sections, *declared]]}


@transaction.atomic
def feedback_send(*, author, message, page=""):
    feedback = Feedback.objects.create(author=author, message=message, page=page)
    staff_emails = list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .values_list("email", flat=True)
    )
    if staff_emails:
        queue_templated_email(
            to=staff_emails,
            template="core/email/feedback",
            context={
                "author": author.display_name,
                "author_email": author.email,
                "message": message,
                "page": page,
            },
        )
    return feedback

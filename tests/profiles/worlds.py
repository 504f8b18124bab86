"""Permission-matrix world for the people pages.

"people": Olive Owner (not one of the seven roles) has a profile with a photo, an "only me"
phone number and a website shown to "my contacts"; she marked `member` as a contact and
blocked `requester`. `member` and `facilitator` have a private conversation.
Canaries: the only-me phone (nobody in the matrix may see it), the contacts-only website
(only `member`, by the raw Contact table), and the message (only the two participants).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from profiles import photos, services
from profiles.models import Contact, Visibility
from tests.accounts.factories import UserFactory
from tests.permissions.world import register_scenario
from tests.profiles.factories import ProfileFactory, image_upload

# One fixed file, written once, so building worlds does not leave a photo behind each time.
MATRIX_PHOTO = "profiles/photos/permission-matrix-world.jpg"


def _signed_in(user):
    return user is not None and user.is_authenticated and user.is_active


@register_scenario("people")
def people_world(world):
    owner = UserFactory(name="Olive Owner", username="olive")
    phone = world.plant_canary(
        visible_to=lambda user: _signed_in(user) and user.pk == owner.pk,
        description="Olive's only-me phone number",
    )
    website = world.plant_canary(
        visible_to=lambda user: (
            _signed_in(user)
            and (
                user.pk == owner.pk
                or Contact.objects.filter(owner=owner, contact_id=user.pk).exists()
            )
        ),
        description="Olive's contacts-only website",
    )
    if not default_storage.exists(MATRIX_PHOTO):
        default_storage.save(MATRIX_PHOTO, ContentFile(photos.process_upload(image_upload())))
    ProfileFactory(
        user=owner,
        phone=f"0113 {phone}",
        phone_visibility=Visibility.ONLY_ME,
        website=f"https://example.org/{website}",
        website_visibility=Visibility.CONTACTS,
        photo=MATRIX_PHOTO,
        expertise=["adoption policy"],
    )
    services.contact_add(owner=owner, contact=world.users["member"])
    services.block(blocker=owner, blocked=world.users["requester"])

    member, facilitator = world.users["member"], world.users["facilitator"]
    secret = world.plant_canary(
        visible_to=lambda user: _signed_in(user) and user.pk in (member.pk, facilitator.pk),
        description="a private message between member and facilitator",
    )
    world.extra["owner"] = owner
    world.extra["conversation"] = services.conversation_start(
        sender=member,
        recipient=facilitator,
        subject="Panel paperwork",
        body=f"Just between us: {secret}",
    )

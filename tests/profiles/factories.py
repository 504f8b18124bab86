"""Profiles, photos and conversations for tests. Profiles exist for every user already (the
post_save receiver makes one); ProfileFactory fills one in."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from profiles import services
from profiles.models import ExpertiseTag, InterestTag, Profile, Region, ServiceArea
from tests.accounts.factories import UserFactory

ORGANISATIONS = [
    "Leeds City Council",
    "Somerset Council",
    "Birmingham City Council",
    "Sunderland City Council",
    "Leeds Teaching Hospitals NHS Trust",
    "Cardiff Council",
]


class ProfileFactory(factory.django.DjangoModelFactory):
    """`ProfileFactory(expertise=["procurement"], interests=[...], service_areas=["Planning"])`."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    job_title = "Service Manager"
    organisation = factory.Iterator(ORGANISATIONS)
    location = "Leeds"
    region = Region.YORKSHIRE

    @classmethod
    def _create(cls, model_class, *args, user, **fields):
        profile = services.profile_for(user)
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
        return profile

    @factory.post_generation
    def expertise(obj, create, extracted, **kwargs):
        if extracted:
            services._set_tags(obj, ExpertiseTag, list(extracted))

    @factory.post_generation
    def interests(obj, create, extracted, **kwargs):
        if extracted:
            services._set_tags(obj, InterestTag, list(extracted))

    @factory.post_generation
    def service_areas(obj, create, extracted, **kwargs):
        if extracted:
            obj.service_areas.set(
                [ServiceArea.objects.get_or_create(name=name)[0] for name in extracted]
            )


def person(name=None, **profile_fields):
    """A member with a filled-in profile; returns the User."""
    user = UserFactory(**({"name": name} if name else {}))
    ProfileFactory(user=user, **profile_fields)
    return user


def image_bytes(fmt="PNG", size=(600, 400), color=(200, 30, 30), mode="RGB", exif=None):
    buffer = io.BytesIO()
    image = Image.new(mode, size, color if mode == "RGB" else color + (128,))
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def image_upload(name="me.png", fmt="PNG", **kwargs):
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}.get(
        fmt, "application/octet-stream"
    )
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)


def give_photo(user):
    """A real, processed photo stored through the storage API, as an upload would."""
    from profiles import photos

    profile = services.profile_for(user)
    services.photo_set(profile=profile, jpeg_bytes=photos.process_upload(image_upload()))
    return profile


def conversation(sender, recipient, subject="Adoption panel paperwork", body="Hello there"):
    """A conversation started through the real service (so counts and emails are real)."""
    return services.conversation_start(
        sender=sender, recipient=recipient, subject=subject, body=body
    )

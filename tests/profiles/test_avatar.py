"""The avatar tag: a photo when the member has one and is active, else their initials."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.profiles.factories import give_photo, person

pytestmark = pytest.mark.django_db


def render(template, **context):
    return Template("{% load profiles_tags %}" + template).render(Context(context))


def test_a_photo_is_an_image_with_its_versioned_address_size_and_escaped_alt():
    user = person("Priya <Shah>")
    profile = give_photo(user)
    user.refresh_from_db()
    html = render('{% avatar user "large" alt=alt %}', user=user, alt="Photo of Priya <Shah>")
    url = reverse("profiles:photo", args=[user.username])
    assert html == (
        f'<img class="avatar avatar--large" src="{url}?v={profile.photo_token}" width="160" '
        'height="160" alt="Photo of Priya &lt;Shah&gt;">\n'
    )


def test_without_a_photo_the_initials_are_hidden_from_screen_readers_unless_labelled():
    user = person("Tom Evans")
    tone = user.pk % 6
    assert render("{% avatar user %}", user=user) == (
        f'<span class="avatar avatar--medium avatar--initials avatar--tone-{tone}" '
        'aria-hidden="true">TE</span>\n'
    )
    assert render('{% avatar user "small" alt=alt %}', user=user, alt="Tom & co") == (
        f'<span class="avatar avatar--small avatar--initials avatar--tone-{tone}" role="img" '
        'aria-label="Tom &amp; co">TE</span>\n'
    )
    assert render('{% avatar user "huge" %}', user=user).startswith(
        '<span class="avatar avatar--medium '
    )


def test_a_deactivated_member_shows_initials_not_their_photo():
    user = person("Owen Hughes")
    give_photo(user)
    user.refresh_from_db()
    user.is_active = False
    user.save()
    assert "<img" not in render("{% avatar user %}", user=user)
    assert ">OH</span>" in render("{% avatar user %}", user=user)

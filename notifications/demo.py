"""Demo data (seed_demo): a few notifications for Alex Member, so the bell has something to show."""

from django.urls import reverse

from .models import Notification


def seed(ctx):
    users = ctx["users"]
    member, facilitator, priya = users.get("member"), users.get("facilitator"), users.get("priya")
    if member is None or Notification.objects.filter(user=member).exists():
        return
    social = ctx.get("communities", {}).get("social")
    where = social.get_absolute_url() if social is not None else reverse("core:home")
    Notification.objects.create(
        user=member,
        kind=Notification.Kind.REPLY,
        actor=priya,
        summary=f"{priya.display_name if priya else 'Priya Shah'} replied to your post in "
        "“Online tools we use and love”.",
        url=where,
    )
    Notification.objects.create(
        user=member,
        kind=Notification.Kind.MEMBERSHIP,
        actor=facilitator,
        summary="Your request to join a community was approved.",
        url=where,
    )

from allauth.account.models import EmailAddress

from .models import User

PASSWORD = "cop-demo-2026"

PEOPLE = [
    # key, name, email, role shown in the sign-in list
    ("admin", "Sam Admin", "admin@example.org", "site admin"),
    ("facilitator", "Fran Facilitator", "fran@example.org", "facilitator"),
    ("member", "Alex Member", "alex@example.org", "member"),
    ("requester", "Riley Requester", "riley@example.org", "asks to join a private CoP"),
    ("newcomer", "Nia Newcomer", "nia@example.org", "in no community yet"),
    ("priya", "Priya Shah", "priya@example.org", None),
    ("tom", "Tom Evans", "tom@example.org", None),
    ("grace", "Grace Okafor", "grace@example.org", None),
    ("owen", "Owen Hughes", "owen@example.org", None),
    ("mei", "Mei Chen", "mei@example.org", None),
]


def seed(ctx):
    for key, name, email, role in PEOPLE:
        user, created = User.objects.get_or_create(
            email=email, defaults={"username": key, "name": name}
        )
        if created:
            user.set_password(PASSWORD)
        user.is_staff = user.is_superuser = key == "admin"
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        ctx["users"][key] = user
        if role:
            ctx["logins"].append((role, email, PASSWORD))

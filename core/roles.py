"""Who a user is to the site as a whole (signed in, site admin), asked by every layer."""


def is_site_admin(user):
    """Site admins approve proposals and may see every community's content for moderation."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_staff or user.is_superuser)
    )


def is_signed_in(user):
    """Suspended (inactive) accounts count as signed out everywhere."""
    return bool(user is not None and user.is_authenticated and user.is_active)


__all__ = ["is_signed_in", "is_site_admin"]

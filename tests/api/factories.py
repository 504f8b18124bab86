from api import services


def token(user, *, scope="write", days=30, name="Script"):
    """(AccessToken, secret) for `user`."""
    return services.token_create(user=user, name=name, scope=scope, days=days)


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

from django.urls import path

from . import views
from .api import api

app_name = "api"


def _answering_for_themselves(patterns):
    """The API's views answer signed-out callers with a 401 problem of their own (or accept a
    token), instead of the site's redirect to sign in."""
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns


# The version's root lists where its documentation and schema are (ninja's own root is a 404).
api_patterns = [p for p in api.urls[0] if p.name != "api-root"]
api_patterns.append(path("", views.root, name="api-root"))

urlpatterns = [
    path("profile/tokens/", views.tokens, name="tokens"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("api/v1/docs", views.docs, name="docs"),
    path("api/v1/", (_answering_for_themselves(api_patterns), "v1", "v1")),
]

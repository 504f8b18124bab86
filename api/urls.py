from functools import wraps

from django.urls import path, re_path
from django.utils.translation import gettext as _

from . import problems, views
from .api import api

app_name = "api"


def _answering_for_themselves(view):
    """The API's views answer signed-out callers with a 401 problem of their own (or accept a
    token), instead of the site's redirect to sign in; a wrong method is a 405 problem too."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "Allow" in response:
            return problems.response(
                405,
                _("This address does not take %(method)s.") % {"method": request.method},
                headers={"Allow": response["Allow"]},
            )
        return response

    wrapper.login_required = False
    return wrapper


def _v1_patterns():
    # The version's root lists where its documentation and schema are (ninja's is a 404).
    patterns = [p for p in api.urls[0] if p.name != "api-root"]
    patterns.append(path("", views.root, name="api-root"))
    for pattern in patterns:
        pattern.callback = _answering_for_themselves(pattern.callback)
    return patterns


urlpatterns = [
    path("profile/tokens/", views.tokens, name="tokens"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("api/v1/docs", views.docs, name="docs"),
    path("api/v1/", (_v1_patterns(), "v1", "v1")),
    # Anything else under /api/ is a 404 problem document, not the site's HTML page.
    re_path(r"^api/", views.not_found, name="not_found"),
]

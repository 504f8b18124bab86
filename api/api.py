"""The REST API, version 1 (docs/api.md)."""

from django.contrib.auth.decorators import login_not_required
from ninja import NinjaAPI

from . import problems
from .auth import AUTH
from .endpoints import router

api = NinjaAPI(
    title="Communities of Practice API",
    version="1",
    description=(
        "Read communities and their content, post topics and replies, join and leave. "
        "Authenticate with a personal access token (Authorization: Bearer <token>) made on "
        "your profile, or with the site's session. Errors are RFC 9457 problem details."
    ),
    auth=AUTH,
    urls_namespace="api:v1",  # mounted as "v1" inside api/urls.py's "api"
    docs_url=None,
    openapi_url="/openapi.json",
    docs_decorator=login_not_required,
)
problems.install(api)
api.add_router("/", router)

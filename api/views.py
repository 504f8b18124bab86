"""The pages around the API: a member's access tokens, and the browsable documentation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Invalid

from . import problems, services
from .forms import TokenForm
from .models import AccessToken


def tokens(request):
    """List, make and revoke my tokens. A new token's secret is shown on this response only."""
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            form = TokenForm()
    mine = AccessToken.objects.of(request.user)[:100]
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": mine,
            "created": created,
            "secret": secret,
            "docs_url": reverse("api:docs"),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(AccessToken.objects.of(request.user), pk=pk)
    services.token_revoke(token=token, user=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")


@login_not_required
def docs(request):
    """Swagger UI from our own static files, started by static/api/docs.js (no inline script)."""
    settings = {
        "url": reverse("api:v1:openapi-json"),
        "layout": "BaseLayout",
        "deepLinking": False,  # its links sit inside buttons, which screen readers cannot use
    }
    return render(
        request,
        "api/docs.html",
        {
            "swagger_settings": settings,
            "schema_url": settings["url"],
            "tokens_url": reverse("api:tokens"),
        },
    )


@login_not_required
def root(request):
    """Where the version's documentation and schema are."""
    return JsonResponse(
        {
            "version": "1",
            "docs": request.build_absolute_uri(reverse("api:docs")),
            "openapi": request.build_absolute_uri(reverse("api:v1:openapi-json")),
        }
    )


@login_not_required
def not_found(request):
    return problems.response(
        404,
        _("There is no such address in the API: see %(docs)s.")
        % {"docs": request.build_absolute_uri(reverse("api:docs"))},
    )

"""The hosted-provider inbound webhook: django-anymail's view for the provider named by
INBOUND_ANYMAIL_ESP, at one address of ours. Anymail checks the provider's credentials (HTTP
basic auth with ANYMAIL["WEBHOOK_SECRET"], plus the provider's signature where it has one) and
sends its `inbound` signal, which `inbound.apps` connects to `services.receive`. Without a
provider or a secret configured the address does not exist (404): it never takes mail from
just anyone."""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt


@cache
def _view_for(esp):
    from anymail import urls as anymail_urls

    for pattern in anymail_urls.urlpatterns:
        if pattern.name == f"{esp}_inbound_webhook":
            return pattern.callback
    return None


def _secret_configured():
    secret = getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET")
    return bool(secret)


@csrf_exempt
@login_not_required
def anymail_inbound(request):
    esp = (getattr(settings, "INBOUND_ANYMAIL_ESP", "") or "").strip().lower()
    view = _view_for(esp) if esp else None
    if view is None or not _secret_configured():
        raise Http404("No inbound email provider is configured.")
    return view(request)

"""The browsable development outbox: only mounted when settings.DEV_OUTBOX_DIR is set (make run).

It holds sign-up confirmations and password-reset links for every address, so it answers only
while DEBUG is on, and then only to a site admin or to a browser on the machine itself
(`make run` may listen on every interface). Everyone else gets a 404, as if it did not exist.
"""

import ipaddress
from email import policy
from email.parser import BytesParser
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from .roles import is_site_admin


def _from_this_machine(request):
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:  # ::ffff:127.0.0.1 from a dual-stack socket
        address = address.ipv4_mapped
    return address.is_loopback


def outbox_access(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        if not (_from_this_machine(request) or is_site_admin(request.user)):
            raise Http404
        return view(request, *args, **kwargs)

    return login_not_required(guarded)


def _outbox():
    return Path(settings.DEV_OUTBOX_DIR)


def _parse(path):
    with path.open("rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    text = message.get_body(preferencelist=("plain",))
    return {
        "id": path.stem,
        "subject": message["subject"],
        "to": message["to"],
        "date": message["date"],
        "text": text.get_content() if text else "",
    }


@outbox_access
def outbox_list(request):
    files = sorted(_outbox().glob("*.eml"), reverse=True) if _outbox().exists() else []
    page = Paginator(files, 25).get_page(request.GET.get("page"))
    page.object_list = [_parse(path) for path in page.object_list]
    return render(request, "core/outbox_list.html", {"page_obj": page})


@outbox_access
def outbox_detail(request, message_id):
    path = _outbox() / f"{message_id}.eml"
    if "/" in message_id or not path.is_file():
        raise Http404
    return render(request, "core/outbox_detail.html", {"message": _parse(path)})

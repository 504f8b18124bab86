"""The browsable development outbox: only mounted when settings.DEV_OUTBOX_DIR is set (make run)."""

from email import policy
from email.parser import BytesParser
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render


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


@login_not_required
def outbox_list(request):
    files = sorted(_outbox().glob("*.eml"), reverse=True) if _outbox().exists() else []
    page = Paginator(files, 25).get_page(request.GET.get("page"))
    page.object_list = [_parse(path) for path in page.object_list]
    return render(request, "core/outbox_list.html", {"page_obj": page})


@login_not_required
def outbox_detail(request, message_id):
    path = _outbox() / f"{message_id}.eml"
    if "/" in message_id or not path.is_file():
        raise Http404
    return render(request, "core/outbox_detail.html", {"message": _parse(path)})

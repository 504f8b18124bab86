"""Private messages between two members: inbox, archive, a conversation, a new message."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import NewConversationForm, ReplyForm
from .models import Participant
from .services import ActionNotAllowed
from .views import _posted, _visible_profile

INBOX_PAGE_SIZE = 25
MESSAGES_PAGE_SIZE = 50


def _mine(request, pk):
    participant = (
        Participant.objects.select_related("conversation", "other", "other__profile")
        .filter(conversation_id=pk, user=request.user)
        .first()
    )
    if participant is None:
        raise Http404("No such conversation")
    return participant


def _box(request, *, archived):
    entries = Participant.objects.filter(user=request.user, archived=archived).select_related(
        "conversation", "other", "other__profile"
    )
    page = Paginator(entries.order_by("-last_message_at", "-pk"), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "profiles/inbox.html",
        {"tab": "messages", "page_obj": page, "archived": archived},
    )


def inbox(request):
    return _box(request, archived=False)


def archived(request):
    return _box(request, archived=True)


def _prefill(request):
    """`?subject=…&body=…` fill in a new message for the sender to edit (a facilitator's
    welcome note from "This week"); nothing is sent until they press Send."""
    fields = NewConversationForm.base_fields
    return {
        name: request.GET[name][: fields[name].max_length]
        for name in ("subject", "body")
        if request.GET.get(name)
    }


def compose(request, username):
    profile = _visible_profile(request, username)
    recipient = profile.user
    if not services.can_message(request.user, recipient):
        reason = (
            _("You cannot send yourself a message.")
            if recipient.pk == request.user.pk
            else _("You have blocked %(recipient)s. Unblock them to send a message.")
            % {"recipient": recipient.display_name}
        )
        return render(
            request,
            "profiles/cannot_message.html",
            {"tab": "messages", "profile": profile, "reason": reason},
            status=403,
        )
    form = NewConversationForm(_posted(request), initial=_prefill(request))
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_start(
                sender=request.user, recipient=recipient, **form.cleaned_data
            )
        except ActionNotAllowed as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your message has been sent to %(recipient)s.")
                % {"recipient": recipient.display_name},
            )
            return redirect(conversation)
    return render(
        request, "profiles/compose.html", {"tab": "messages", "form": form, "profile": profile}
    )


def conversation(request, pk):
    participant = _mine(request, pk)
    convo = participant.conversation
    form = ReplyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(sender=request.user, conversation=convo, **form.cleaned_data)
        except ActionNotAllowed as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reply has been sent."))
            return redirect(f"{convo.get_absolute_url()}#latest")
    if request.method == "GET":
        services.conversation_mark_read(participant=participant)
    pages = Paginator(
        convo.messages.select_related("sender", "sender__profile").order_by("created", "pk"),
        MESSAGES_PAGE_SIZE,
    )
    # Newest page first, like any inbox; earlier pages are one link away.
    page = pages.get_page(request.GET.get("page") or pages.num_pages)
    return render(
        request,
        "profiles/conversation.html",
        {
            "tab": "messages",
            "participant": participant,
            "conversation": convo,
            "other": participant.other,
            "page_obj": page,
            "form": form,
            "can_reply": services.can_message(request.user, participant.other),
        },
    )


@require_POST
def archive(request, pk):
    participant = _mine(request, pk)
    services.conversation_archive(participant=participant, archived=True)
    messages.success(
        request,
        _("“%(subject)s” has been archived. It comes back to your inbox if a new message arrives.")
        % {"subject": participant.conversation.subject},
    )
    return redirect("profiles:inbox")


@require_POST
def unarchive(request, pk):
    participant = _mine(request, pk)
    services.conversation_archive(participant=participant, archived=False)
    messages.success(
        request,
        _("“%(subject)s” is back in your inbox.") % {"subject": participant.conversation.subject},
    )
    return redirect("profiles:archived")

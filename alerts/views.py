"""My alerts, the "Subscribe for email alerts" tool, and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.redirects import safe_next
from profiles.forms import AlertsForm
from profiles.services import profile_for

from . import services
from .clicks import count_click, follow
from .forms import PreferencesForm, SubscribeForm, subscription_frequencies
from .models import Frequency, Subscription
from .targets import content_type_from_label, describe, describe_subscriptions, find_target, url_of

PAGE_SIZE = 50


def _message_email_form(request, action):
    """The profiles app's "email me when I get a message" choice, folded into My alerts (the
    profile keeps the value; profiles.services saves it)."""
    return AlertsForm(
        request.POST if action == "messages" else None,
        instance=profile_for(request.user),
        prefix="messages",
    )


def mine(request):
    """ "My alerts": the global default and pause, and every subscription with its frequency."""
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    prefs = services.preferences_for(user)
    form = PreferencesForm(request.POST if action == "preferences" else None, instance=prefs)
    subscriptions = Subscription.objects.filter(user=user).select_related("target_type")
    page = Paginator(subscriptions, PAGE_SIZE).get_page(request.GET.get("page"))
    back = request.get_full_path()
    messages_form = _message_email_form(request, action)

    if action == "messages" and messages_form is not None and messages_form.is_valid():
        from profiles.services import profile_set_message_email

        profile_set_message_email(
            profile=messages_form.instance,
            message_email=messages_form.cleaned_data["message_email"],
        )
        messages.success(request, _("Your choice about private messages has been saved."))
        return redirect(back)

    if action == "preferences" and form.is_valid():
        services.preferences_update(
            user=user,
            default_frequency=form.cleaned_data["default_frequency"],
            paused=form.cleaned_data["paused"],
        )
        messages.success(
            request,
            _("All email alerts are paused until you resume them.")
            if form.cleaned_data["paused"]
            else _("Your alert settings have been saved."),
        )
        return redirect(back)
    if action == "subscriptions":
        ids = [s.pk for s in page.object_list]
        remove = [int(request.POST["remove"])] if request.POST.get("remove", "").isdigit() else []
        changed, removed = services.subscriptions_update(
            user=user, frequencies=subscription_frequencies(request.POST, ids), remove=remove
        )
        messages.success(
            request,
            _("You no longer follow that.")
            if removed
            else _("Your subscriptions have been saved."),
        )
        return redirect(back)

    return render(
        request,
        "alerts/mine.html",
        {
            "form": form,
            "messages_form": messages_form,
            "tab": "alerts",
            "prefs": prefs,
            "page_obj": page,
            "rows": describe_subscriptions(user, page.object_list),
            "frequencies": Frequency.choices,
        },
    )


@require_POST
def subscribe(request):
    """Follow (or change how often) from any page; no JavaScript needed."""
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how often you would like email alerts."))
        return redirect(safe_next(request, request.POST.get("next"), "alerts:mine"))
    data = form.cleaned_data
    content_type = content_type_from_label(data["target"])
    target = find_target(request.user, content_type, data["target_id"], data["feature"])
    if target is None:
        raise Http404
    subscription = services.subscribe(
        user=request.user, target=target, feature=data["feature"], frequency=data["frequency"]
    )
    what = describe(target, data["feature"])
    if subscription.frequency == Frequency.OFF:
        messages.success(request, _("Email alerts for %(what)s are off.") % {"what": what})
    elif subscription.frequency == Frequency.IMMEDIATE:
        messages.success(
            request,
            _("You will get an email as soon as there is news in %(what)s.") % {"what": what},
        )
    else:
        messages.success(
            request,
            _("New things in %(what)s will be in your %(frequency)s.")
            % {"what": what, "frequency": str(subscription.get_frequency_display()).lower()},
        )
    fallback = url_of(target, data["feature"]) or "alerts:mine"
    return redirect(safe_next(request, data.get("next"), fallback))


@login_not_required
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session or token
def unsubscribe(request, token):
    """One-click unsubscribe from an email. GET asks for confirmation (link scanners must not
    unsubscribe anyone); POST, from the page or from the mail client, does it. The signed token
    is the authority, so no sign-in is needed, and the page names nothing private."""
    payload = services.read_unsubscribe_token(token)
    if payload is None or not get_user_model().objects.filter(pk=payload["u"]).exists():
        raise Http404
    scope = "digest" if "k" in payload else "subscription"
    kind = Frequency(payload["k"]).label.lower() if "k" in payload else ""
    if request.method == "POST":
        count = services.unsubscribe_with_token(payload)
        return render(
            request, "alerts/unsubscribed.html", {"count": count, "scope": scope, "kind": kind}
        )
    return render(
        request,
        "alerts/unsubscribe.html",
        {
            "scope": scope,
            "kind": kind,
            "count": services.unsubscribe_scope(payload).count(),
            "token": token,
        },
    )


@login_not_required
def click(request, signed):
    """A link from an alert or digest email: count it for its community and day (never who
    followed it) and lead on to the page, which asks for sign-in itself if need be. Only this
    site's own paths are ever redirected to."""
    found = follow(signed)
    if found is None:
        raise Http404("This link is not one of ours.")
    path, community_id, counted = found
    if counted and request.method == "GET":
        count_click(community_id)
    return redirect(path)

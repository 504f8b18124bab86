"""This week in a community: one screen for its facilitators, each block with its action in
place. Every action is a plain form that comes back to this page, so it works without
JavaScript."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.models import Membership, MembershipRequest
from communities.views import community_view, decide_request
from core.errors import Invalid
from core.redirects import safe_next
from forums import services as forum_services
from forums.models import Topic
from profiles.services import ActionNotAllowed

from . import services
from .forms import AskForm, NoteForm, PeriodForm, WeeklyEmailForm, WeekSettingsForm
from .health import figures, previous_period
from .models import WeeklyEmailOptOut
from .visits import flush_visits
from .week import week_for


def week_url(community):
    return reverse("facilitation:week", kwargs={"slug": community.slug})


def _back(community, anchor=""):
    url = week_url(community)
    return redirect(f"{url}#{anchor}" if anchor else url)


def welcome_note_url(community, user, facilitator):
    """The private-message form, filled in with a welcome the facilitator edits."""
    body = _(
        "Hello %(member)s,\n\n"
        "Welcome to %(community)s! I'm one of its facilitators. "
        "What brought you here, and what are you working on at the moment? "
        "If you have a question, the forum is a good place to ask it: people here are glad "
        "to help.\n\n"
        "Best wishes,\n%(facilitator)s"
    ) % {
        "member": user.display_name,
        "community": community.name,
        "facilitator": facilitator.display_name,
    }
    subject = _("Welcome to %(community)s") % {"community": community.name}
    query = urlencode({"subject": subject, "body": body})
    return reverse("profiles:compose", kwargs={"username": user.username}) + "?" + query


def _week_page(request, community, access, *, settings_form=None, status=200):
    flush_visits()  # the visits queued since the last flush count too
    period_form = PeriodForm(request.GET or None)
    start, end, label = period_form.get_period()
    before_start, before_end = previous_period(start, end)
    week_settings = services.settings_for(community)
    the_week = week_for(community, request.user, settings=week_settings)
    for membership in the_week.new_members.items:
        membership.welcome_url = welcome_note_url(community, membership.user, request.user)
    mine = WeeklyEmailOptOut.objects.filter(user=request.user)  # visibility: own rows
    opted_out = mine.filter(community=community).exists()
    context = {
        "community": community,
        "access": access,
        "week": the_week,
        "period_form": period_form,
        "period_label": label,
        "health": figures(community, start=start, end=end),
        "before": figures(community, start=before_start, end=before_end),
        "settings_form": settings_form or WeekSettingsForm(instance=week_settings),
        "email_form": WeeklyEmailForm(initial={"wanted": not opted_out}),
        "weekly_email_on": not opted_out,
        "is_facilitator": access.is_facilitator,
    }
    return render(request, "facilitation/week.html", context, status=status)


@community_view("moderate")
def week(request, community, access):
    return _week_page(request, community, access)


@require_POST
@community_view("moderate")
def decide(request, community, access, pk):
    """Approve or decline a membership request in place (the communities service decides)."""
    membership_request = get_object_or_404(
        community.requests.select_related("user", "community"),
        pk=pk,
        state=MembershipRequest.State.PENDING,
    )
    decide_request(request, community, membership_request)
    return _back(community, "requests")


def _ask_prompt(topic, to):
    who = f"@{to}" if to else "@"
    return _(
        "%(who)s could you help with this? I think you may know something about “%(title)s”."
    ) % {"who": who, "title": topic.title}


@community_view("moderate")
def ask(request, community, access, pk):
    """Ask someone for a reply to a topic nobody has answered: the reply box, filled in with a
    mention the facilitator completes. `?to=<username>` names who to ask."""
    topic = get_object_or_404(
        Topic.objects.visible_to(request.user).filter(community=community, removed_at=None),
        pk=pk,
    )
    access.require("post", feature="forum", doing=_("reply in its forum"))
    to = request.GET.get("to", "").strip().lstrip("@")[:150]
    form = AskForm(
        request.POST if request.method == "POST" else None,
        initial={"body": _ask_prompt(topic, to)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            forum_services.reply_create(
                topic=topic, author=request.user, body=linebreaks(form.cleaned_data["body"])
            )
        except (Invalid, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your reply to “%(topic)s” has been posted.") % {"topic": topic.title}
            )
            return _back(community, "unanswered")
    status = 400 if form.errors else 200
    context = {"community": community, "access": access, "topic": topic, "form": form}
    return render(request, "facilitation/ask.html", context, status=status)


def _note_text(community, member, facilitator):
    return _(
        "Hello %(member)s,\n\n"
        "I'm one of the facilitators of %(community)s, and I wanted to say hello. "
        "We haven't heard from you for a while: is there anything you'd like to see in the "
        "community, or a question we could help with?\n\n"
        "Best wishes,\n%(facilitator)s"
    ) % {
        "member": member.display_name,
        "community": community.name,
        "facilitator": facilitator.display_name,
    }


@community_view("moderate")
def note(request, community, access, user_id):
    """A personal note to a quiet member, filled in for the facilitator to make their own;
    rate-limited (services.personal_note_send)."""
    member = get_object_or_404(
        get_user_model().objects.filter(is_active=True),
        pk=user_id,
        community_memberships__community=community,
    )
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        initial={
            "subject": _("Hello from %(community)s") % {"community": community.name},
            "body": _note_text(community, member, request.user),
        },
    )
    refusal = services.note_refusal(facilitator=request.user, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.personal_note_send(
                facilitator=request.user, community=community, member=member, **form.cleaned_data
            )
        except (Invalid, ActionNotAllowed) as error:
            form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(
                request,
                _("Your note has been sent to %(member)s.") % {"member": member.display_name},
            )
            return _back(community, "silent")
    status = 400 if form.errors else 200
    context = {
        "community": community,
        "access": access,
        "member": member,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "facilitation/note.html", context, status=status)


@require_POST
@community_view("moderate")
def week_settings(request, community, access):
    form = WeekSettingsForm(request.POST, instance=services.settings_for(community))
    if form.is_valid():
        services.week_settings_save(
            community=community,
            by=request.user,
            unanswered_hours=form.cleaned_data["unanswered_hours"],
        )
        messages.success(request, _("Saved: “This week” uses your new setting."))
        return _back(community, "settings")
    return _week_page(request, community, access, settings_form=form, status=400)


@require_POST
@community_view("moderate")
def weekly_email(request, community, access):
    if not Membership.objects.filter(  # visibility: own membership
        community=community, user=request.user, role=Membership.Role.FACILITATOR
    ).exists():
        raise PermissionDenied(_("The weekly email goes to the community's facilitators."))
    form = WeeklyEmailForm(request.POST)
    wanted = form.is_valid() and form.cleaned_data["wanted"]
    services.weekly_email_choose(user=request.user, community=community, wanted=wanted)
    messages.success(
        request,
        _("You will get the weekly email about %(community)s on Monday mornings.")
        % {"community": community.name}
        if wanted
        else _("You will no longer get the weekly email about %(community)s.")
        % {"community": community.name},
    )
    if request.POST.get("next"):
        return redirect(safe_next(request, request.POST["next"], week_url(community)))
    return _back(community, "settings")

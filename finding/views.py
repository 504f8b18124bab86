"""Pages for recommendations, the newcomer path and asking people to help. Thin: load through
the visibility rule (hidden → 404), check the rule for the action (not allowed → 403), call a
service, redirect with a message."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.models import Community
from communities.rules import refuse
from communities.views import community_view
from core.errors import Invalid
from core.redirects import safe_next
from forums.models import Topic

from . import newcomers, routing, services
from .forms import AskForm, AskPreferenceForm, NewcomerSettingsForm
from .models import Ask, AskPreference, FirstAction


def _back(request, fallback):
    return redirect(safe_next(request, request.POST.get("next"), fallback))


@require_POST
def dismiss(request, slug):
    """ "Not interested" in a recommended community: only one the member may see."""
    community = get_object_or_404(Community.objects.visible_to(request.user), slug=slug)
    services.dismiss(user=request.user, community=community)
    messages.success(
        request, _("We will not suggest %(community)s again.") % {"community": community.name}
    )
    return _back(request, "communities:directory")


# --- the newcomer checklist ------------------------------------------------------------------


@require_POST
@community_view("view")
def checklist_dismiss(request, community, access):
    if not access.is_member:
        refuse("members_only", community=community.name, doing=_("hide a newcomer checklist"))
    services.checklist_dismiss(user=request.user, community=community)
    messages.success(request, _("The checklist is hidden. Welcome aboard!"))
    return redirect(community)


@require_POST
@community_view("view", feature="wiki")
def starter_read(request, community, access):
    if not access.is_member:
        refuse("members_only", community=community.name, doing=_("follow a newcomer checklist"))
    settings = newcomers.settings_for(community)
    page = settings.starter_page
    if settings.first_action != FirstAction.READ or page is None:
        raise Http404("This community has no starter page.")
    services.starter_read(user=request.user, community=community)
    return redirect(page)


# --- for facilitators -----------------------------------------------------------------------


@community_view("moderate")
def manage(request, community, access):
    """Newcomers and routing for facilitators: who has not started, first posts waiting for a
    reply, questions waiting past their time, the routing figures; and (for those who may
    change settings) the first easy action, the starter page and the waiting time."""
    settings = newcomers.settings_for(community)
    form = None
    if access.can_admin:
        initial = {
            "first_action": settings.first_action,
            "starter_page": settings.starter_page_id,
            "ask_after_hours": settings.ask_after_hours,
        }
        form = NewcomerSettingsForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            community=community,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.settings_save(community=community, by=request.user, **form.cleaned_data)
            except Invalid as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Saved. Newcomers see the new checklist at once."))
                return redirect("finding:manage", slug=community.slug)
    elif request.method == "POST":
        refuse("facilitators_only", community=community.name, doing=_("change these settings"))
    return render(
        request,
        "finding/manage.html",
        {
            "community": community,
            "access": access,
            "form": form,
            "settings": settings,
            "intro_topic": newcomers.intro_topic(settings),
            "not_started": newcomers.newcomers_not_started(community),
            "first_posts": newcomers.first_posts_awaiting_reply(community),
            "waiting": routing.waiting_questions(community)
            if community.has_feature("forum")
            else [],
            "figures": routing.routing_figures(community),
        },
    )


@require_POST
@community_view("admin", feature="forum")
def intro_topic(request, community, access):
    on = request.POST.get("on") == "1"
    services.intro_topic_switch(community=community, by=request.user, on=on)
    if on:
        messages.success(request, _("The pinned “Introduce yourself” topic is on."))
    else:
        messages.success(request, _("The “Introduce yourself” topic is no longer pinned."))
    return _back(request, community.get_absolute_url())


# --- asking people to help ------------------------------------------------------------------


def _question_or_404(request, community, pk):
    topic = (
        Topic.objects.visible_to(request.user)
        .in_community(community)
        .filter(pk=pk, kind=Topic.Kind.QUESTION, removed_at=None)
        .select_related("author")
        .first()
    )
    if topic is None:
        raise Http404("No such question.")
    topic.community = community
    return topic


@community_view("view", feature="forum")
def ask(request, community, access, pk):
    """Suggested people for a question nobody has replied to, each asked with one click."""
    topic = _question_or_404(request, community, pk)
    if not routing.can_ask_for(topic, request.user, access):
        refuse("author_or_facilitator", doing=_("ask people to help with this question"))
    error = ""
    if request.method == "POST":
        form = AskForm(request.POST)
        person = None
        if form.is_valid():
            person = get_user_model().objects.filter(pk=form.cleaned_data["person"]).first()
        if person is None:
            error = _("Choose someone from the list to ask.")
        else:
            try:
                services.ask_send(topic=topic, person=person, by=request.user)
            except Invalid as problem:
                error = str(problem)
            else:
                messages.success(
                    request, _("We asked %(person)s to help.") % {"person": person.display_name}
                )
                return redirect("finding:ask", slug=community.slug, pk=topic.pk)
    waiting = routing.is_waiting(topic)
    suggestions = routing.suggest(topic, by=request.user) if waiting else []
    asked = Ask.objects.filter(topic=topic)  # visibility: the question was loaded by the rule
    asked = asked.select_related("person").order_by("created", "pk")
    return render(
        request,
        "finding/ask.html",
        {
            "community": community,
            "access": access,
            "topic": topic,
            "waiting": waiting,
            "hours": newcomers.settings_for(community).ask_after_hours,
            "suggestions": suggestions,
            "asked": list(asked),
            "error": error,
        },
    )


@community_view("view", feature="forum")
def not_now(request, community, access, pk):
    """The asked person lets a question go: a page with one button (the email links here)."""
    found = (
        Ask.objects.filter(pk=pk, community=community, person=request.user)  # visibility: below
        .select_related("topic")
        .first()
    )
    if (
        found is None
        or not Topic.objects.visible_to(request.user).filter(pk=found.topic_id).exists()
    ):
        raise Http404("No such request.")
    if request.method == "POST":
        services.ask_decline(ask=found, user=request.user)
        messages.success(request, _("Fine: nobody will ask you about this question again."))
        return redirect(community)
    return render(
        request,
        "finding/not_now.html",
        {"community": community, "access": access, "found": found},
    )


def preference(request):
    """Whether other members may ask me to help with questions (linked from My alerts)."""
    current = AskPreference.objects.filter(user=request.user).first()
    may = current.may_be_asked if current else True
    form = AskPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"may_be_asked": "yes" if may else "no"},
    )
    if request.method == "POST":
        if form.is_valid():
            services.preference_set(
                user=request.user, may_be_asked=form.cleaned_data["may_be_asked"]
            )
            messages.success(request, _("Saved."))
            return redirect("finding:preference")
    return render(request, "finding/preference.html", {"form": form})

"""Poll pages. Thin: the community's rule (hidden → 404, private → ask-to-join page), the
feature, the action's rule (403 with the reason), a service, a redirect with a message."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.views import community_view
from core.errors import Invalid
from core.redirects import safe_next

from . import services
from .forms import PollForm, VoteForm
from .models import Poll
from .selectors import poll_card
from .services import can_manage

PAGE_SIZE = 20


# The community's visibility rule, then the feature: no polls, no pages (404).
polls_view = community_view("view", feature="polls")


def _context(community, access, **extra):
    return {
        "community": community,
        "access": access,
        "active_tab": "polls",
        "can_manage": can_manage(access),
        **extra,
    }


def _poll_or_404(request, community, pk):
    poll = (
        Poll.objects.visible_to(request.user)
        .in_community(community)
        .select_related("created_by")
        .filter(pk=pk)
        .first()
    )
    if poll is None:
        raise Http404("No such poll.")
    poll.community = community
    return poll


def _require_manage(community, access):
    access.require("manage", doing=services.RUNNING)


@polls_view
def index(request, community, access):
    polls = Poll.objects.visible_to(request.user).in_community(community)
    open_polls = list(polls.open().order_by("-created", "-pk")[:PAGE_SIZE])
    closed = Paginator(polls.closed().order_by("-created", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for poll in [*open_polls, *closed.object_list]:
        poll.community = community
    return render(
        request,
        "polls/index.html",
        _context(community, access, open_polls=open_polls, page_obj=closed),
    )


@polls_view
def new(request, community, access):
    _require_manage(community, access)
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            poll = services.poll_create(
                community=community, user=request.user, **form.service_kwargs()
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your poll is open. It also shows on the community's home.")
            )
            return redirect(poll)
    return render(request, "polls/form.html", _context(community, access, form=form))


def _detail(request, community, access, poll, form=None, status=200):
    return render(
        request,
        "polls/detail.html",
        _context(community, access, **poll_card(poll, request.user, access, form=form)),
        status=status,
    )


@polls_view
def detail(request, community, access, pk):
    return _detail(request, community, access, _poll_or_404(request, community, pk))


@require_POST
@polls_view
def vote(request, community, access, pk):
    poll = _poll_or_404(request, community, pk)
    access.require("post", doing=services.VOTING)
    if not poll.is_open:
        messages.error(request, _("This poll has closed: votes can no longer be cast or changed."))
        return redirect(poll)
    form = VoteForm(request.POST, poll=poll, choices=list(poll.choices.all()))
    if form.is_valid():
        try:
            _ballot, changed = services.vote(
                poll=poll, user=request.user, choice_ids=form.choice_ids()
            )
        except Invalid as error:
            form.add_error("choice", str(error))
        else:
            messages.success(
                request, _("Your vote has been changed.") if changed else _("Thank you for voting.")
            )
            return redirect(safe_next(request, request.POST.get("next"), poll.get_absolute_url()))
    return _detail(request, community, access, poll, form=form)


@require_POST
@polls_view
def withdraw(request, community, access, pk):
    """ "Withdraw my vote": one POST, no confirmation step (voting again undoes it); the page
    it returns to says what happened."""
    poll = _poll_or_404(request, community, pk)
    try:
        services.vote_withdraw(poll=poll, user=request.user)
    except Invalid as error:
        # Closed, or nothing to withdraw: the poll's own page shows why, next to the poll.
        messages.error(request, str(error))
        return redirect(poll)
    messages.success(
        request, _("Your vote has been withdrawn. You can vote again until the poll closes.")
    )
    return redirect(safe_next(request, request.POST.get("next"), poll.get_absolute_url()))


@require_POST
@polls_view
def close(request, community, access, pk):
    poll = _poll_or_404(request, community, pk)
    _require_manage(community, access)
    services.poll_close(poll=poll, user=request.user)
    messages.success(request, _("The poll is closed. Everyone can now see the results."))
    return redirect(poll)


@polls_view
def delete(request, community, access, pk):
    poll = _poll_or_404(request, community, pk)
    _require_manage(community, access)
    if request.method == "POST":
        services.poll_delete(poll=poll, user=request.user)
        messages.success(request, _("The poll has been deleted."))
        return redirect("polls:index", slug=community.slug)
    return render(request, "polls/delete.html", _context(community, access, poll=poll))

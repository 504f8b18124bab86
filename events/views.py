"""Event pages. Thin: the community's rule (communities.views.community_view: hidden → 404,
private and not a member → the ask-to-join page), then the feature, then the action's rule
(403 with the reason), a service, and a redirect with a message."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comments.selectors import comments_context
from communities.models import Community
from communities.views import community_view
from core.concurrency import EditConflict
from core.errors import Invalid, NotAllowed
from core.fragments import cached_rows

from . import ical, services, tagging
from .calendar import build_month, grid_bounds, parse_month
from .forms import CancelEventForm, EventEditForm, EventForm
from .models import Attendance, Event

PAGE_SIZE = 20


# The community's visibility rule, then the feature: no events, no event pages (404).
events_view = community_view("view", feature="events")


def _why_not_post(access):
    return access.refusal("post", doing=services.POSTING)


def _context(community, access, **extra):
    return {
        "community": community,
        "access": access,
        "active_tab": "events",
        "why_not_post": _why_not_post(access),
        **extra,
    }


def _event_or_404(request, community, pk):
    event = (
        Event.objects.visible_to(request.user)
        .in_community(community)
        .select_related("contact", "created_by")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404("No such event.")
    event.community = community
    return event


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _with_community(events, community):
    for event in events:
        event.community = community
    return events


# --- lists and calendars -----------------------------------------------------------------------
def _tagged_page(request, events, list_url):
    """A page of `events` (read through visible_to), narrowed by `?tag=<slug>` when given, each
    event with its tags; and what the template needs to say so and to link to the filter."""
    slug = tagging.tag_param(request)
    if slug:
        events = tagging.with_tag(events, slug)
    page_obj = _page(request, events)
    tagging.attach_tags(page_obj.object_list)
    return page_obj, {
        "tag_slug": slug,
        "tag_name": tagging.shown_tag_name(page_obj.object_list, slug) if slug else "",
        "list_url": list_url,
        "query_string": urlencode({"tag": slug}) if slug else "",
    }


# The event rows' template and every template it includes (core.fragments.cached_rows).
ROW_TEMPLATES = (
    "events/includes/_event_rows.html",
    "events/includes/_event_row.html",
    "events/includes/_when.html",
)


def _event_rows(events, list_url):
    """The rows of a list of one community's events (each with .community, .my_state and
    .tag_list), rendered once and then read from the cache under every value they show:
    the viewer's own state (going, waiting) is among them, so viewers share rows only where
    they read the same."""
    values = [
        (
            *(event.pk, event.community.slug, event.title, event.timezone),
            *(event.starts_at.isoformat(), event.ends_at.isoformat(), event.is_cancelled),
            *(event.location, event.online_url, event.attendee_count, event.capacity),
            *(event.waitlist_count, event.my_state),
            tuple((tag.slug, tag.name) for tag in event.tag_list),
        )
        for event in events
    ]
    context = {"events": events, "list_url": list_url, "show_community": False}
    return cached_rows("event-rows", ROW_TEMPLATES, (list_url, values), context)


@events_view
def index(request, community, access):
    events = (
        Event.objects.visible_to(request.user)
        .in_community(community)
        .upcoming()
        .with_my_state(request.user)
    )
    page_obj, tag_context = _tagged_page(
        request, events, reverse("events:index", args=[community.slug])
    )
    _with_community(page_obj.object_list, community)
    return render(
        request,
        "events/index.html",
        _context(
            community,
            access,
            page_obj=page_obj,
            event_rows=_event_rows(page_obj.object_list, tag_context["list_url"]),
            **tag_context,
        ),
    )


@events_view
def past(request, community, access):
    events = Event.objects.visible_to(request.user).in_community(community).past()
    page_obj, tag_context = _tagged_page(
        request, events, reverse("events:past", args=[community.slug])
    )
    _with_community(page_obj.object_list, community)
    return render(
        request,
        "events/past.html",
        _context(community, access, page_obj=page_obj, **tag_context),
    )


@events_view
def calendar_month(request, community, access):
    year, month = parse_month(request.GET.get("month"))
    start, end = grid_bounds(year, month)
    events = list(
        Event.objects.visible_to(request.user).in_community(community).between(start, end)
    )
    _with_community(events, community)
    return render(
        request,
        "events/calendar.html",
        _context(community, access, month=build_month(year, month, events)),
    )


def mine(request):
    """Upcoming events and this month's calendar across the communities the member belongs to
    (and can still see, through the visibility rule), where the events feature is on."""
    communities = Community.objects.visible_to(request.user, feature="events").filter(
        memberships__user=request.user
    )
    with_events = {c.pk: c for c in communities}
    visible = Event.objects.visible_to(request.user).filter(community__in=list(with_events))
    year, month = parse_month(request.GET.get("month"))
    start, end = grid_bounds(year, month)
    month_events = list(visible.between(start, end))
    page_obj = _page(request, visible.upcoming().with_my_state(request.user))
    for event in [*month_events, *page_obj.object_list]:
        event.community = with_events[event.community_id]
    return render(
        request,
        "events/mine.html",
        {
            "month": build_month(year, month, month_events),
            "page_obj": page_obj,
            "communities": list(with_events.values()),
            "show_community": True,
            "query_string": f"month={year:04d}-{month:02d}",
        },
    )


# --- one event ---------------------------------------------------------------------------------
@events_view
def detail(request, community, access, pk):
    event = _event_or_404(request, community, pk)
    attendances = list(
        Attendance.objects.filter(event=event)  # visibility: the event was loaded through the rule
        .select_related("user")
        .order_by("created", "pk")
    )
    going = [a for a in attendances if a.state == Attendance.State.GOING]
    waiting = [a for a in attendances if a.state == Attendance.State.WAITLISTED]
    mine = next((a for a in attendances if a.user_id == request.user.pk), None)
    can_post = access.can_post
    can_change = event.can_change(request.user, access)
    context = _context(
        community,
        access,
        event=event,
        going=going,
        waiting=waiting,
        my_attendance=mine,
        my_waitlist_position=waiting.index(mine) + 1 if mine in waiting else None,
        can_change=can_change,
        can_cancel=can_change and not event.is_cancelled and not event.is_past,
        can_attend=can_post and not event.is_past and not event.is_cancelled,
        **comments_context(
            event,
            request.user,
            page=request.GET.get("comments"),
            can_comment=can_post,
            can_moderate=access.can_moderate,
        ),
    )
    if not can_post:
        context["comment_closed_reason"] = _why_not_post(access)
    return render(request, "events/detail.html", context)


def _require_can_post(community, access):
    access.require("post", doing=services.POSTING)


@events_view
def new(request, community, access):
    _require_can_post(community, access)
    form = EventForm(
        request.POST or None, community=community, initial={"contact": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        event = services.event_create(community=community, user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("“%(event)s” is on the calendar of %(community)s.")
            % {"event": event.title, "community": community.name},
        )
        return redirect(event)
    return render(request, "events/form.html", _context(community, access, form=form))


def _require_can_change(request, community, access, event, doing):
    if not event.can_change(request.user, access):
        raise NotAllowed(
            _why_not_post(access)
            or _("Only the person who added this event or a facilitator can %(doing)s it.")
            % {"doing": doing}
        )


def _told(count):
    return ngettext(
        "%(count)s person signed up has been told.",
        "%(count)s people signed up have been told.",
        count,
    ) % {"count": count}


def _updated_message(event):
    """What the organiser should know after saving: who was told, who lost a place."""
    parts = [_("The event has been updated.")]
    told = len(event.told)
    if told:
        parts.append(
            ngettext(
                "%(count)s person signed up has been told what changed.",
                "%(count)s people signed up have been told what changed.",
                told,
            )
            % {"count": told}
        )
    moved = len(event.moved_to_waitlist)
    if moved:
        parts.append(
            ngettext(
                "With fewer places, the last %(count)s person to sign up has moved to the top of "
                "the waiting list and been told.",
                "With fewer places, the last %(count)s people to sign up have moved to the top of "
                "the waiting list and been told.",
                moved,
            )
            % {"count": moved}
        )
    return " ".join(parts)


@events_view
def edit(request, community, access, pk):
    event = _event_or_404(request, community, pk)
    _require_can_change(request, community, access, event, "change")
    if event.is_cancelled:
        messages.error(request, _("This event has been cancelled: it can no longer be changed."))
        return redirect(event)
    form = EventEditForm(
        request.POST or None,
        community=community,
        initial=EventForm.initial_for(event),
        version=event.edit_version,
    )
    context = _context(community, access, form=form, event=event)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(event=event, user=request.user, **form.cleaned_data)
        except EditConflict as conflict:
            theirs = EventForm.initial_for(conflict.current)
            context["conflict"] = form.conflict(conflict, theirs=theirs)
            status = 409
        except Invalid as error:
            # Cancelled while they were editing: the form comes back with what they typed.
            form.add_error(None, str(error))
        else:
            event.community = community
            messages.success(request, _updated_message(event))
            return redirect(event)
    return render(request, "events/form.html", context, status=status)


@events_view
def cancel(request, community, access, pk):
    """Call the event off (it stays on the calendar, marked), with a message for the people
    signed up, who are told."""
    event = _event_or_404(request, community, pk)
    _require_can_change(request, community, access, event, "cancel")
    if event.is_cancelled or event.is_past:
        messages.error(
            request,
            _("This event has already been cancelled.")
            if event.is_cancelled
            else _("This event is over: there is nothing to cancel."),
        )
        return redirect(event)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.event_cancel(
                event=event, user=request.user, note=form.cleaned_data["note"]
            )
        except Invalid as error:
            messages.error(request, str(error))
        else:
            told = len(cancelled.told)
            said = f" {_told(told)}" if told else ""
            messages.success(
                request,
                _("“%(event)s” has been cancelled.%(said)s") % {"event": event.title, "said": said},
            )
        return redirect(event)
    return render(
        request, "events/cancel.html", _context(community, access, form=form, event=event)
    )


@events_view
def delete(request, community, access, pk):
    event = _event_or_404(request, community, pk)
    _require_can_change(request, community, access, event, "delete")
    if request.method == "POST":
        services.event_delete(event=event, user=request.user)
        messages.success(request, _("“%(event)s” has been deleted.") % {"event": event.title})
        return redirect("events:index", slug=community.slug)
    return render(request, "events/delete.html", _context(community, access, event=event))


@require_POST
@events_view
def attend(request, community, access, pk):
    event = _event_or_404(request, community, pk)
    _require_can_post(community, access)
    try:
        attendance = services.attend(event=event, user=request.user)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        if attendance.state == Attendance.State.GOING:
            messages.success(request, _("You are going to “%(event)s”.") % {"event": event.title})
        else:
            messages.success(
                request,
                _(
                    "“%(event)s” is full: you are on the waiting list and will get a place if "
                    "someone cannot come."
                )
                % {"event": event.title},
            )
    return redirect(event)


@require_POST
@events_view
def leave(request, community, access, pk):
    event = _event_or_404(request, community, pk)
    if community.is_archived:
        access.require("post", doing=services.POSTING)
    if services.leave(event=event, user=request.user):
        messages.success(
            request, _("You are no longer down for “%(event)s”.") % {"event": event.title}
        )
    return redirect(event)


# --- iCalendar ---------------------------------------------------------------------------------
@events_view
def ics(request, community, access, pk):
    """ "Add to event calendar": this one event as an .ics download."""
    event = _event_or_404(request, community, pk)
    cal = ical.calendar([event], name=f"{event.title} ({community.name})")
    filename = f"{slugify(event.title)[:60] or 'event'}.ics"
    return ical.ics_response(cal, filename=filename)

"""Thin views: load the community once, check the rule once (hidden → 404, visible but not
allowed → 403 with a helpful page), call a service, redirect with a message."""

import functools
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import timesince_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import features as feature_registry
from core.concurrency import EditConflict
from core.errors import Invalid
from core.files import serve_file
from core.fragments import cached_rows
from core.links import url_maker

from . import services
from .forms import (
    DecisionForm,
    DirectoryFilterForm,
    InviteForm,
    MemberSearchForm,
    ProposalForm,
    RejectForm,
    RemoveForm,
    RequestForm,
    RoleForm,
    SettingsForm,
    StageForm,
    SubcommunityForm,
)
from .guidance import STAGE_GUIDANCE, guidance_for
from .models import (
    Community,
    Invitation,
    Membership,
    MembershipRequest,
    is_site_admin,
)
from .rules import CommunityAccess, refuse
from .sight import sight_of

PAGE_SIZE = 20
# The directory's cards and the templates they include (core.fragments keys on their source).
CARD_TEMPLATES = (
    "communities/includes/_community_cards.html",
    "communities/includes/_community_card.html",
    "communities/includes/_labels.html",
)
MEMBERS_PAGE_SIZE = 24
WELCOME_DAYS = 14


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _query_string(request, *keys):
    return urlencode({k: request.GET[k] for k in keys if request.GET.get(k)})


def _gate(request, community, access):
    """A private community the user can see listed but not enter: say what they can do."""
    context = {
        "community": community,
        "access": access,
        "pending_request": _pending_request(request.user, community),
        "last_request": community.requests.filter(user=request.user)
        .exclude(state=MembershipRequest.State.PENDING)
        .first(),
    }
    return render(request, "communities/gate.html", context, status=403)


def _pending_request(user, community):
    return community.requests.filter(user=user, state=MembershipRequest.State.PENDING).first()


def community_view(need="view", *, feature=None):
    """Load /c/<slug>/ once and enforce `need` (listed, view, moderate or admin), and, for a
    feature's pages, that the community has `feature` ("wiki", "documents"…) switched on.

    A community the user cannot even see listed is a 404. One that is listed but whose content
    they may not see gets the "private community: ask to join" page (403). A visible community
    where they lack the role gets the 403 page saying who can do it. A switched-off feature's
    pages are a 404 for everyone, site admins included (search and tag pages agree).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            community = get_object_or_404(Community.objects.with_ancestors(), slug=slug)
            access = CommunityAccess(request.user, community)
            if need == "listed":
                if not access.is_listed:
                    raise Http404
            elif not access.can_view:
                if access.is_listed:
                    return _gate(request, community, access)
                raise Http404
            if need == "moderate" and not access.can_moderate:
                refuse("facilitators_only", community=community.name, doing=_("do that"))
            if need == "admin" and not access.can_admin:
                refuse("facilitators_only", community=community.name, doing=_("do that"))
            if feature is not None and not community.has_feature(feature):
                raise Http404(f"This community has no {feature_registry.label(feature).lower()}.")
            return view(request, community, access, *args, **kwargs)

        return wrapper

    return decorator


def site_admin_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_site_admin(request.user):
            raise PermissionDenied(_("Only site administrators can review community proposals."))
        return view(request, *args, **kwargs)

    return wrapper


def _base_context(community, access, tab=None):
    return {"community": community, "access": access, "active_tab": tab}


# --- directory, proposals, review ------------------------------------------------------------
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    user = request.user
    communities = Community.objects.listed_to(user).with_ancestors()
    if q := data.get("q"):
        communities = communities.filter(
            Q(name__icontains=q) | Q(domain__icontains=q) | Q(short_description__icontains=q)
        )
    if stage := data.get("stage"):
        communities = communities.filter(stage=stage)
    if visibility := data.get("visibility"):
        communities = communities.filter(visibility=visibility)
    if data.get("show") == "mine":
        communities = communities.filter(memberships__user=user)
    sort = data.get("sort") or "activity"
    order = {
        "activity": ["-last_activity_at", "name"],
        "name": ["name"],
        "members": ["-member_count", "name"],
    }[sort]
    page = _page(request, communities.order_by(*order))
    ids = [c.pk for c in page]
    roles = dict(
        Membership.objects.filter(user=user, community__in=ids).values_list(  # visibility: own rows
            "community_id", "role"
        )
    )
    requested = set(
        MembershipRequest.objects.filter(  # visibility: the user's own requests
            user=user, community__in=ids, state=MembershipRequest.State.PENDING
        ).values_list("community_id", flat=True)
    )
    content_visible = set(
        Community.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    cards = [
        {
            "community": c,
            "role": roles.get(c.pk),
            "requested": c.pk in requested,
            "content_visible": c.pk in content_visible,
            "last_active": timesince_filter(c.last_activity_at),
        }
        for c in page
    ]
    return render(
        request,
        "communities/directory.html",
        {
            "form": form,
            "page_obj": page,
            "cards": cards,
            "card_html": _card_html(cards),
            "query_string": _query_string(request, "q", "stage", "visibility", "show", "sort"),
            "filtered": any(data.get(k) for k in ("q", "stage", "visibility", "show")),
            "awaiting_review": (
                Community.objects.pending().filter(parent__isnull=True).count()  # visibility: count
                if is_site_admin(user)
                else None
            ),
        },
    )


def _card_html(cards):
    """The directory's cards: rendered once and then read from the cache under everything they
    show, this viewer's relation to each community (member, facilitator, waiting, may see
    inside) included, so viewers share cards only where they would read the same."""
    home_url = url_maker("communities:home", "slug")
    values = []
    for card in cards:
        c = card["community"]
        c.get_absolute_url = functools.partial(home_url, c.slug)
        values.append(
            (
                *(c.slug, c.name, c.parent.name if c.parent else None, c.short_description),
                *(c.visibility, c.stage, c.is_archived, c.member_count),
                *(str(c.visibility_sentence), card["last_active"]),
                *(card["role"], card["requested"], card["content_visible"]),
            )
        )
    return cached_rows("directory-cards", CARD_TEMPLATES, values, {"cards": cards})


def propose(request):
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_propose(proposer=request.user, **form.cleaned_data)
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you: your proposal for %(community)s has been sent to the site "
                    "administrators. You will hear by email and on this page when it is reviewed."
                )
                % {"community": community.name},
            )
            return redirect("communities:mine")
    return render(request, "communities/propose.html", {"form": form})


def mine(request):
    user = request.user
    proposals = _page(
        request,
        Community.objects.filter(proposed_by=user)  # visibility: own proposals
        .select_related("reviewed_by")
        .order_by("-created"),
    )
    requests = (
        MembershipRequest.objects.filter(user=user)  # visibility: own requests
        .select_related("community", "decided_by")
        .order_by("-created")[:PAGE_SIZE]
    )
    return render(
        request,
        "communities/mine.html",
        {
            "page_obj": proposals,
            "requests": requests,
            "invitations": open_invitations_for(user),
        },
    )


def open_invitations_for(user):
    return (
        Invitation.objects.filter(  # visibility: invitations addressed to this user
            Q(user=user) | Q(user__isnull=True, email__iexact=user.email),
            state=Invitation.State.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("community", "invited_by")
        .order_by("-created")
    )


@site_admin_only
def review_queue(request):
    status = request.GET.get("status") or Community.Status.PENDING
    if status not in Community.Status.values:
        status = Community.Status.PENDING
    counts = dict(
        Community.objects.filter(parent__isnull=True)  # visibility: site-admin-only page
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    proposals = (
        Community.objects.filter(status=status, parent__isnull=True)  # visibility: site admins
        .select_related("proposed_by", "reviewed_by")
        .order_by("created" if status == Community.Status.PENDING else "-reviewed_at")
    )
    tabs = [
        {"status": value, "label": label, "count": counts.get(value, 0), "active": value == status}
        for value, label in Community.Status.choices
    ]
    return render(
        request,
        "communities/review_queue.html",
        {
            "page_obj": _page(request, proposals),
            "tabs": tabs,
            "status": status,
            "query_string": urlencode({"status": status}),
        },
    )


def _review_context(community, reject_form=None):
    return {"community": community, "reject_form": reject_form or RejectForm()}


@site_admin_only
def review_detail(request, pk):
    community = get_object_or_404(
        Community.objects.select_related("proposed_by", "reviewed_by"), pk=pk, parent__isnull=True
    )
    return render(request, "communities/review_detail.html", _review_context(community))


@site_admin_only
@require_POST
def review_approve(request, pk):
    community = get_object_or_404(Community, pk=pk, parent__isnull=True)
    try:
        services.community_approve(community=community, admin=request.user)
    except Invalid as error:
        messages.error(request, str(error))
        return redirect("communities:review_detail", pk=pk)
    messages.success(
        request,
        _("%(community)s is approved and open; its proposer is now its facilitator.")
        % {"community": community.name},
    )
    return redirect("communities:review")


@site_admin_only
@require_POST
def review_reject(request, pk):
    community = get_object_or_404(
        Community.objects.select_related("proposed_by", "reviewed_by"), pk=pk, parent__isnull=True
    )
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.community_reject(
                community=community, admin=request.user, reason=form.cleaned_data["reason"]
            )
        except Invalid as error:
            messages.error(request, str(error))
            return redirect("communities:review_detail", pk=pk)
        messages.success(
            request,
            _("%(community)s was not approved; the proposer has been told why.")
            % {"community": community.name},
        )
        return redirect("communities:review")
    return render(request, "communities/review_detail.html", _review_context(community, form))


# --- invitations (invitee's side) ------------------------------------------------------------
def _invitation_or_404(request, token):
    invitation = services.invitation_for(request.user, token)
    if invitation is None:
        raise Http404
    return invitation


def invitation(request, token):
    invitation = _invitation_or_404(request, token)
    access = CommunityAccess(request.user, invitation.community)
    return render(
        request,
        "communities/invitation.html",
        {"invitation": invitation, "community": invitation.community, "access": access},
    )


@require_POST
def invitation_accept(request, token):
    invitation = _invitation_or_404(request, token)
    try:
        services.invitation_accept(invitation=invitation, user=request.user)
    except Invalid as error:
        messages.error(request, str(error))
        return redirect("communities:invitation", token=token)
    messages.success(
        request, _("Welcome to %(community)s!") % {"community": invitation.community.name}
    )
    return redirect(invitation.community)


@require_POST
def invitation_decline(request, token):
    invitation = _invitation_or_404(request, token)
    services.invitation_decline(invitation=invitation, user=request.user)
    messages.success(
        request,
        _("You declined the invitation to %(community)s.")
        % {"community": invitation.community.name},
    )
    return redirect("core:home")


# --- one community ---------------------------------------------------------------------------
@community_view("view")
def home(request, community, access):
    user = request.user
    context = _base_context(community, access, "home")
    context["is_home"] = True
    context["subcommunities"] = (
        Community.objects.listed_to(user).filter(parent=community).order_by("name")
        if sight_of(user).has_subcommunities(community.pk)
        else Community.objects.none()
    )
    context["facilitators"], context["newest_members"] = _people_panel(community)
    membership = access.membership
    context["show_welcome"] = bool(
        membership and membership.created >= timezone.now() - timedelta(days=WELCOME_DAYS)
    )
    if access.can_moderate:
        context["pending_request_count"] = community.requests.filter(
            state=MembershipRequest.State.PENDING
        ).count()
    if access.can_admin:
        context["guidance"] = guidance_for(community.stage)
    return render(request, "communities/home.html", context)


# What the people panel shows of a membership. The facilitators' rows come whole from their
# own partial index (Membership.Meta: membership_facilitators), without reading the table.
_PEOPLE_FIELDS = ("pk", "created", "role", "user_id", "user__name")


def _people_panel(community, facilitators=12, newest=6):
    """(facilitators by name, newest members) in one query: the facilitators and the newest
    members together. The newest among those rows are the community's newest, since any member
    newer than the sixth newest is one of the six.

    The two sets are a UNION, each read by its own index: as `role = … OR pk IN (…)`
    PostgreSQL expects thousands of rows and joins them to every account by hashing. Rows are
    plain tuples (a large community has hundreds of facilitators to sort by name); only the
    shown ones become memberships."""
    memberships = Membership.objects.filter(community=community)  # visibility: checked by caller
    newest_ids = memberships.order_by("-created", "-pk").values("pk")[:newest]
    rows = memberships.filter(role=Membership.Role.FACILITATOR).order_by()
    newest_rows = Membership.objects.filter(pk__in=newest_ids).order_by()  # visibility: caller
    rows = rows.values_list(*_PEOPLE_FIELDS).union(
        newest_rows.values_list(*_PEOPLE_FIELDS), all=True
    )
    # Newest first, each membership once (a new facilitator is in both halves).
    rows = sorted({row[0]: row for row in rows}.values(), key=lambda r: (r[1], r[0]), reverse=True)
    chosen = sorted(
        (row for row in rows if row[2] == Membership.Role.FACILITATOR),
        key=lambda r: (r[4].casefold(), r[4]),
    )[:facilitators]
    return [_membership(row, community) for row in chosen], [
        _membership(row, community) for row in rows[:newest]
    ]


def _membership(row, community):
    pk, created, role, user_id, name = row
    user = get_user_model()(pk=user_id, name=name)
    return Membership(pk=pk, created=created, role=role, user=user, community=community)


@community_view("view")
def photo(request, community, access):
    if not community.photo:
        raise Http404
    # Read through the storage API (local disk or the S3 bucket); a missing file is a 404.
    return serve_file(community.photo, filename=community.photo.name)


@community_view("view")
def ground_rules(request, community, access):
    return render(
        request, "communities/ground_rules.html", _base_context(community, access, "home")
    )


@community_view("view")
def members(request, community, access):
    form = MemberSearchForm(request.GET or None)
    memberships = (
        Membership.objects.filter(community=community)  # visibility: checked by community_view
        .select_related("user")
        .order_by("role", "user__name", "pk")  # "facilitator" sorts before "member"
    )
    if form.is_valid() and (q := form.cleaned_data.get("q")):
        memberships = memberships.filter(user__name__icontains=q)
    context = _base_context(community, access, "members")
    context.update(
        form=form,
        page_obj=_page(request, memberships, MEMBERS_PAGE_SIZE),
        query_string=_query_string(request, "q"),
        remove_form=RemoveForm(),
    )
    return render(request, "communities/members.html", context)


@community_view("listed")
def join(request, community, access):
    if access.is_member:
        messages.info(
            request, _("You are already a member of %(community)s.") % {"community": community.name}
        )
        return redirect(community)
    if access.can_request:
        return redirect("communities:request", slug=community.slug)
    if not access.can_join:
        raise PermissionDenied(
            access.membership_blocked_reason
            or _("You cannot join %(community)s.") % {"community": community.name}
        )
    if request.method == "POST":
        try:
            services.membership_join(user=request.user, community=community)
        except Invalid as error:
            messages.error(request, str(error))
            return redirect(community)
        messages.success(
            request,
            _("Welcome to %(community)s! You are now a member.") % {"community": community.name},
        )
        return redirect(community)
    return render(request, "communities/join.html", _base_context(community, access))


@community_view("listed")
def request_to_join(request, community, access):
    if access.is_member:
        messages.info(
            request, _("You are already a member of %(community)s.") % {"community": community.name}
        )
        return redirect(community)
    if access.can_join:
        return redirect("communities:join", slug=community.slug)
    pending = _pending_request(request.user, community)
    history = community.requests.filter(user=request.user).select_related("decided_by")[:20]
    if not access.can_request and pending is None:
        raise PermissionDenied(
            access.membership_blocked_reason
            or _("%(community)s does not take requests to join.") % {"community": community.name}
        )
    form = RequestForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.membership_request_create(
                user=request.user, community=community, reason=form.cleaned_data["reason"]
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your request to join %(community)s has been sent to its facilitators. You "
                    "will hear by email when they decide."
                )
                % {"community": community.name},
            )
            return redirect("communities:request", slug=community.slug)
    context = _base_context(community, access)
    context.update(form=form, pending=pending, history=history)
    return render(request, "communities/request.html", context)


@require_POST
@community_view("listed")
def request_withdraw(request, community, access):
    pending = _pending_request(request.user, community)
    if pending is None:
        messages.info(request, _("You have no request waiting for this community."))
    else:
        services.membership_request_withdraw(membership_request=pending, user=request.user)
        messages.success(
            request,
            _("You withdrew your request to join %(community)s.") % {"community": community.name},
        )
    return redirect("communities:mine")


@community_view("view")
def leave(request, community, access):
    if not access.is_member:
        raise PermissionDenied(
            _("You are not a member of %(community)s.") % {"community": community.name}
        )
    if request.method == "POST":
        try:
            services.membership_leave(user=request.user, community=community)
        except Invalid as error:
            messages.error(request, str(error))
            return redirect(community)
        messages.success(request, _("You have left %(community)s.") % {"community": community.name})
        return redirect("communities:directory")
    return render(request, "communities/leave.html", _base_context(community, access))


@community_view("admin")
def stage(request, community, access):
    form = StageForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_change(
                community=community,
                by=request.user,
                to_stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            community.refresh_from_db()
            messages.success(
                request,
                _("%(community)s is now at the %(stage)s stage.")
                % {"community": community.name, "stage": community.get_stage_display()},
            )
            if community.stage == Community.Stage.CLOSEDOWN:
                # The guided closedown flow: lessons learned, successor, read-only date, notice.
                return redirect("lifecycle:closedown", slug=community.slug)
            return redirect("communities:stage", slug=community.slug)
    context = _base_context(community, access)
    context.update(
        form=form,
        guidance=guidance_for(community.stage),
        all_guidance=[
            {"stage": value, "label": label, **STAGE_GUIDANCE[value]}
            for value, label in Community.Stage.choices
        ],
        page_obj=_page(request, community.stage_changes.select_related("changed_by")),
    )
    return render(request, "communities/stage.html", context)


@community_view("admin")
def subcommunity_new(request, community, access):
    if community.is_archived:
        raise PermissionDenied(
            _("%(community)s has closed down, so it cannot have new sub-communities.")
            % {"community": community.name}
        )
    form = SubcommunityForm(request.POST or None, parent=community)
    if request.method == "POST" and form.is_valid():
        try:
            sub = services.subcommunity_create(
                parent=community, by=request.user, **form.cleaned_data
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(sub)s is ready; you are its facilitator.") % {"sub": sub.name}
            )
            return redirect(sub)
    context = _base_context(community, access)
    context["form"] = form
    return render(request, "communities/subcommunity_new.html", context)


@community_view("admin")
def manage(request, community, access):
    form = SettingsForm(request.POST or None, request.FILES or None, instance=community)
    conflict_shown = None
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            services.community_update(
                community=Community.objects.with_ancestors().get(pk=community.pk),
                by=request.user,
                photo=kwargs["photo"],
                remove_photo=kwargs["remove_photo"],
                base_version=form.base_version,
                **kwargs["fields"],
            )
        except EditConflict as conflict:
            theirs = SettingsForm(instance=conflict.current).initial
            conflict_shown = form.conflict(conflict, theirs=theirs)
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The community's settings have been saved."))
            return redirect("communities:manage", slug=community.slug)
    context = _base_context(community, access)
    context["form"] = form
    context["conflict"] = conflict_shown
    context["pending_request_count"] = community.requests.filter(
        state=MembershipRequest.State.PENDING
    ).count()
    status = 409 if conflict_shown else 200
    return render(request, "communities/manage/settings.html", context, status=status)


@community_view("moderate")
def requests(request, community, access):
    pending = community.requests.filter(state=MembershipRequest.State.PENDING).select_related(
        "user"
    )
    decided = (
        community.requests.exclude(state=MembershipRequest.State.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    context = _base_context(community, access)
    context.update(
        pending=pending.order_by("created")[:50],
        pending_count=pending.count(),
        page_obj=_page(request, decided),
    )
    return render(request, "communities/manage/requests.html", context)


@require_POST
@community_view("moderate")
def request_decide(request, community, access, pk):
    membership_request = get_object_or_404(
        community.requests.select_related("user", "community"), pk=pk
    )
    decide_request(request, community, membership_request)
    return redirect("communities:requests", slug=community.slug)


def decide_request(request, community, membership_request):
    """Approve or decline from a posted DecisionForm, saying how it went in a message (the
    requests queue and This week both decide in place with it)."""
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve or decline the request."))
        return
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.membership_request_decide(
            membership_request=membership_request,
            by=request.user,
            approve=approve,
            message=form.cleaned_data["message"],
        )
    except Invalid as error:
        messages.error(request, str(error))
    else:
        name = membership_request.user.display_name
        messages.success(
            request,
            _("%(name)s is now a member of %(community)s.")
            % {"name": name, "community": community.name}
            if approve
            else _("You declined %(name)s's request; they have been told.") % {"name": name},
        )


def _member_or_404(community, user_id):
    return get_object_or_404(
        get_user_model(), pk=user_id, community_memberships__community=community
    )


@require_POST
@community_view("moderate")
def member_remove(request, community, access, user_id):
    member = _member_or_404(community, user_id)
    form = RemoveForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.member_remove(community=community, user=member, by=request.user, message=message)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(member)s is no longer a member of %(community)s.")
            % {"member": member.display_name, "community": community.name},
        )
    return redirect("communities:members", slug=community.slug)


@require_POST
@community_view("moderate")
def member_role(request, community, access, user_id):
    member = _member_or_404(community, user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("communities:members", slug=community.slug)
    try:
        services.member_set_role(
            community=community, user=member, by=request.user, role=form.cleaned_data["role"]
        )
    except Invalid as error:
        messages.error(request, str(error))
    else:
        role = (
            _("a co-facilitator")
            if form.cleaned_data["role"] == Membership.Role.FACILITATOR
            else _("a member")
        )
        messages.success(
            request,
            _("%(member)s is now %(role)s of %(community)s.")
            % {"member": member.display_name, "role": role, "community": community.name},
        )
    return redirect("communities:members", slug=community.slug)


@community_view("moderate")
def invite(request, community, access):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                community=community, by=request.user, **form.cleaned_data
            )
        except Invalid as error:
            form.add_error("target", str(error))
        else:
            messages.success(
                request,
                _("Invitation sent to %(invitee_label)s.")
                % {"invitee_label": invitation.invitee_label},
            )
            return redirect("communities:invite", slug=community.slug)
    invitations = community.invitations.select_related("user", "invited_by").order_by("-created")
    context = _base_context(community, access)
    context.update(form=form, page_obj=_page(request, invitations))
    return render(request, "communities/manage/invite.html", context)


@require_POST
@community_view("moderate")
def invitation_revoke(request, community, access, pk):
    invitation = get_object_or_404(community.invitations, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(invitee_label)s was withdrawn.")
            % {"invitee_label": invitation.invitee_label},
        )
    return redirect(reverse("communities:invite", kwargs={"slug": community.slug}))

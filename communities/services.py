"""Every write to communities and memberships. Keyword-only, atomic, and the only place that
sends their emails (queued after commit) and keeps the denormalised counters current.

Each function re-checks the rule it depends on (through CommunityAccess), so a view that forgot
to check cannot let anyone past; a refusal raises Invalid with a message for the user.
"""

import io
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import features as feature_registry
from core.concurrency import claim_edit
from core.email import queue_templated_email
from core.errors import Invalid

from . import signals
from .models import (
    MAX_DEPTH,
    Community,
    Invitation,
    Membership,
    MembershipRequest,
    StageChange,
    is_site_admin,
)
from .rules import CommunityAccess

INVITATION_DAYS = 30
PHOTO_MAX_SIZE = (1600, 1600)


# --- helpers ---------------------------------------------------------------------------------
def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def _community_url(community, name="communities:home"):
    return absolute_url(reverse(name, kwargs={"slug": community.slug}))


def _email(*, to, name, context):
    addresses = [a for a in to if a]
    if addresses:
        queue_templated_email(to=addresses, template=f"communities/email/{name}", context=context)


def _welcome_context(community):
    return {
        "community": community.name,
        "community_url": _community_url(community),
        "rules_url": _community_url(community, "communities:rules"),
        "welcome_message": community.welcome_message,
        "ground_rules": community.ground_rules,
    }


def unique_slug(name, *, exclude_pk=None):
    base = slugify(name)[:120] or "community"
    slug, n = base, 2
    taken = Community.objects.exclude(pk=exclude_pk) if exclude_pk else Community.objects.all()
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def name_is_taken(name, *, exclude_pk=None):
    qs = Community.objects.exclude(status=Community.Status.REJECTED).filter(
        name__iexact=name.strip()
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _refresh_member_counts(community_ids):
    counts = (
        Membership.objects.filter(community=OuterRef("pk"))
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Community.objects.filter(pk__in=list(community_ids)).update(
        member_count=Coalesce(Subquery(counts), 0)
    )


def community_touch(*, community, when=None):
    """Record activity (feature services call this when content is added): sorts the directory."""
    when = when or timezone.now()
    Community.objects.filter(pk=community.pk, last_activity_at__lt=when).update(
        last_activity_at=when
    )


def descendant_ids(community):
    found, frontier = [], [community.pk]
    for _level in range(MAX_DEPTH):
        frontier = list(Community.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        if not frontier:
            break
        found.extend(frontier)
    return found


def _facilitator_emails(community):
    return list(
        Membership.objects.filter(
            community=community, role=Membership.Role.FACILITATOR, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _process_photo(upload):
    """Resize to a sensible banner size and re-encode, dropping anything but pixels."""
    from PIL import Image

    image = Image.open(upload)
    image.load()
    fmt = "PNG" if image.format == "PNG" else "JPEG"
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail(PHOTO_MAX_SIZE)
    out = io.BytesIO()
    image.save(out, format=fmt)
    ext = "png" if fmt == "PNG" else "jpg"
    return ContentFile(out.getvalue(), name=f"banner.{ext}")


def _check_visibility_against_parent(parent, visibility):
    if parent is not None and parent.is_private and visibility != Community.Visibility.PRIVATE:
        raise Invalid(
            _("A sub-community of a private community must be private too: %(parent)s is private.")
            % {"parent": parent.name}
        )


def _check_features_against_parent(parent, features):
    unknown = set(features) - set(feature_registry.keys())
    if unknown:
        raise Invalid(_("Unknown features: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    if parent is not None:
        missing = set(features) - set(parent.enabled_features)
        if missing:
            raise Invalid(
                _(
                    "A sub-community can only use features its parent has; %(parent)s lacks "
                    "%(keys)s."
                )
                % {"parent": parent.name, "keys": ", ".join(sorted(missing))}
            )


# --- proposals and approval ------------------------------------------------------------------
@transaction.atomic
def community_propose(
    *, proposer, name, short_description, domain, purpose, intended_members, visibility
):
    name = name.strip()
    if name_is_taken(name):
        raise Invalid(_("A community with this name already exists."))
    community = Community.objects.create(
        name=name,
        slug=unique_slug(name),
        short_description=short_description,
        domain=domain,
        purpose=purpose,
        intended_members=intended_members,
        visibility=visibility,
        status=Community.Status.PENDING,
        proposed_by=proposer,
    )
    admins = get_user_model().objects.filter(
        Q(is_staff=True) | Q(is_superuser=True), is_active=True
    )
    _email(
        to=list(admins.values_list("email", flat=True)),
        name="proposal_submitted",
        context={
            "community": community.name,
            "proposer": proposer.display_name,
            "short_description": community.short_description,
            "review_url": absolute_url(
                reverse("communities:review_detail", kwargs={"pk": community.pk})
            ),
        },
    )
    return community


def _require_site_admin(user):
    if not is_site_admin(user):
        raise Invalid(_("Only site administrators can review proposals."))


@transaction.atomic
def community_approve(*, community, admin):
    _require_site_admin(admin)
    community = Community.objects.select_for_update().get(pk=community.pk)
    if not community.is_pending:
        raise Invalid(_("%(community)s has already been reviewed.") % {"community": community.name})
    now = timezone.now()
    community.status = Community.Status.APPROVED
    community.reviewed_by, community.reviewed_at = admin, now
    community.last_activity_at = now
    community.save()
    StageChange.objects.create(
        community=community,
        to_stage=community.stage,
        changed_by=admin,
        note=_("Approved and opened."),
    )
    proposer = community.proposed_by
    if proposer is not None and proposer.is_active:
        Membership.objects.get_or_create(
            user=proposer, community=community, defaults={"role": Membership.Role.FACILITATOR}
        )
        signals.member_added.send(sender=Community, user=proposer, community=community)
        signals.tell.send(
            sender=Community,
            user=proposer,
            kind="proposal",
            actor=admin,
            summary=_("%(community)s is approved and open: you are its facilitator.")
            % {"community": community.name},
            url=community.get_absolute_url(),
        )
        _email(
            to=[proposer.email],
            name="proposal_approved",
            context={
                "community": community.name,
                "community_url": _community_url(community),
                "manage_url": _community_url(community, "communities:manage"),
                "reviewer": admin.display_name,
            },
        )
    _refresh_member_counts([community.pk])
    community.refresh_from_db()
    signals.happened.send(
        sender=Community, actor=admin, verb="community_approved", target=community
    )
    return community


@transaction.atomic
def community_reject(*, community, admin, reason):
    _require_site_admin(admin)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give a reason, so the proposer knows what to change."))
    community = Community.objects.select_for_update().get(pk=community.pk)
    if not community.is_pending:
        raise Invalid(_("%(community)s has already been reviewed.") % {"community": community.name})
    community.status = Community.Status.REJECTED
    community.reviewed_by, community.reviewed_at = admin, timezone.now()
    community.rejection_reason = reason
    community.save()
    signals.tell.send(
        sender=Community,
        user=community.proposed_by,
        kind="proposal",
        actor=admin,
        summary=_("Your proposal for %(community)s was not approved: %(reason)s")
        % {"community": community.name, "reason": reason},
        url=reverse("communities:mine"),
    )
    if community.proposed_by is not None:
        _email(
            to=[community.proposed_by.email],
            name="proposal_rejected",
            context={
                "community": community.name,
                "reason": reason,
                "reviewer": admin.display_name,
                "mine_url": absolute_url(reverse("communities:mine")),
                "propose_url": absolute_url(reverse("communities:propose")),
            },
        )
    return community


# --- settings, stage, sub-communities --------------------------------------------------------
def _require_admin(by, community):
    if not CommunityAccess(by, community).can_admin:
        raise Invalid(
            _("Only the facilitators of %(community)s can do that.") % {"community": community.name}
        )


def _require_moderator(by, community):
    if not CommunityAccess(by, community).can_moderate:
        raise Invalid(
            _("Only the facilitators of %(community)s can do that.") % {"community": community.name}
        )


@transaction.atomic
def community_update(*, community, by, photo=None, remove_photo=False, base_version=None, **fields):
    """Facilitators edit the description, welcome message, ground rules, features, visibility.
    Raises EditConflict if the settings were saved after `base_version`."""
    _require_admin(by, community)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if name_is_taken(fields["name"], exclude_pk=community.pk):
            raise Invalid(_("A community with this name already exists."))
    if "visibility" in fields:
        _check_visibility_against_parent(community.parent, fields["visibility"])
    if "features" in fields:
        _check_features_against_parent(community.parent, fields["features"])
    claim_edit(community, base_version=base_version)
    for key, value in fields.items():
        setattr(community, key, value)
    if remove_photo and community.photo:
        community.photo.delete(save=False)
        community.photo = ""
    if photo is not None:
        processed = _process_photo(photo)
        community.photo.save(processed.name, processed, save=False)
    community.save()
    return community


@transaction.atomic
def stage_change(*, community, by, to_stage, note=""):
    _require_admin(by, community)
    to_stage = Community.Stage(to_stage)
    community = Community.objects.select_for_update().get(pk=community.pk)
    if community.stage == to_stage:
        raise Invalid(
            _("%(community)s is already at the %(label)s stage.")
            % {"community": community.name, "label": to_stage.label}
        )
    change = StageChange.objects.create(
        community=community,
        from_stage=community.stage,
        to_stage=to_stage,
        changed_by=by,
        note=note.strip(),
    )
    community.stage = to_stage
    # Entering closedown makes the community read-only at once, unless the facilitators then
    # choose a later date (lifecycle's closedown flow); leaving closedown forgets the date.
    community.read_only_from = None
    community.save(update_fields=["stage", "read_only_from", "updated"])
    signals.happened.send(
        sender=Community,
        actor=by,
        verb="stage_changed",
        target=change,
        subject=community,
        excerpt=_("Now at the %(stage)s stage.") % {"stage": to_stage.label},
        url=community.get_absolute_url(),
    )
    return change


@transaction.atomic
def subcommunity_create(
    *,
    parent,
    by,
    name,
    short_description,
    domain,
    visibility,
    features,
    welcome_message="",
    ground_rules="",
):
    """A facilitator sets up a task group: no admin approval; they facilitate it."""
    access = CommunityAccess(by, parent)
    if not access.can_admin:
        raise Invalid(
            _("Only the facilitators of %(parent)s can create sub-communities.")
            % {"parent": parent.name}
        )
    if parent.is_archived:
        raise Invalid(
            _("%(parent)s has closed down; it cannot have new sub-communities.")
            % {"parent": parent.name}
        )
    if parent.depth >= MAX_DEPTH:
        raise Invalid(
            _("Sub-communities nest at most %(depth)s levels deep; %(parent)s is at the limit.")
            % {"depth": MAX_DEPTH, "parent": parent.name}
        )
    _check_visibility_against_parent(parent, visibility)
    _check_features_against_parent(parent, features)
    name = name.strip()
    if name_is_taken(name):
        raise Invalid(_("A community with this name already exists."))
    now = timezone.now()
    sub = Community.objects.create(
        name=name,
        slug=unique_slug(name),
        short_description=short_description,
        domain=domain,
        visibility=visibility,
        features=[key for key in feature_registry.keys() if key in features],
        parent=parent,
        depth=parent.depth + 1,
        stage=Community.Stage.STARTUP,
        status=Community.Status.APPROVED,
        proposed_by=by,
        reviewed_by=by,
        reviewed_at=now,
        welcome_message=welcome_message,
        ground_rules=ground_rules or parent.ground_rules,
        last_activity_at=now,
    )
    StageChange.objects.create(
        community=sub,
        to_stage=sub.stage,
        changed_by=by,
        note=_("Created as a sub-community of %(parent)s.") % {"parent": parent.name},
    )
    Membership.objects.create(user=by, community=sub, role=Membership.Role.FACILITATOR)
    signals.member_added.send(sender=Community, user=by, community=sub)
    signals.happened.send(
        sender=Community, actor=by, verb="community_created", target=sub, community=parent
    )
    _refresh_member_counts([sub.pk])
    community_touch(community=parent, when=now)
    sub.refresh_from_db()
    return sub


# --- joining and leaving ---------------------------------------------------------------------
def _add_member(*, user, community, role=Membership.Role.MEMBER, send_welcome=True):
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, community=community, role=role)
    except IntegrityError:
        raise Invalid(
            _("You are already a member of %(community)s.") % {"community": community.name}
        ) from None
    # Any open request or invitation is settled by becoming a member.
    MembershipRequest.objects.filter(
        user=user, community=community, state=MembershipRequest.State.PENDING
    ).update(state=MembershipRequest.State.APPROVED, decided_at=timezone.now())
    _refresh_member_counts([community.pk])
    community_touch(community=community)
    signals.member_added.send(sender=Community, user=user, community=community)
    signals.happened.send(
        sender=Community,
        actor=user,
        verb="member_joined",
        target=membership,
        subject=community,
        url=reverse("communities:members", kwargs={"slug": community.slug}),
    )
    if send_welcome:
        _email(to=[user.email], name="welcome", context=_welcome_context(community))
    return membership


@transaction.atomic
def membership_join(*, user, community):
    access = CommunityAccess(user, community)
    if access.is_member:
        raise Invalid(
            _("You are already a member of %(community)s.") % {"community": community.name}
        )
    if not access.can_join:
        raise Invalid(
            access.membership_blocked_reason
            or _("%(community)s is private: ask to join and a facilitator will reply.")
            % {"community": community.name}
        )
    return _add_member(user=user, community=community)


def _last_facilitator(community, user):
    facilitators = Membership.objects.filter(community=community, role=Membership.Role.FACILITATOR)
    return facilitators.count() == 1 and facilitators.filter(user=user).exists()


def _leaving_ids(community):
    """Leaving a private community also means leaving everything under it (membership of a
    sub-community of a private community requires membership of the parent)."""
    return [community.pk, *descendant_ids(community)] if community.is_private else [community.pk]


def _sole_facilitator_in(user, ids):
    """Names of the communities among `ids` that would be left without a facilitator."""
    return list(
        Community.objects.filter(
            pk__in=ids,
            memberships__user=user,
            memberships__role=Membership.Role.FACILITATOR,
        )
        .annotate(
            facilitators=Count(
                "memberships",
                filter=Q(memberships__role=Membership.Role.FACILITATOR),
                distinct=True,
            )
        )
        .filter(facilitators=1)
        .order_by("depth", "name")
        .values_list("name", flat=True)
    )


def _refuse_orphaning(user, community, *, yourself):
    orphaned = _sole_facilitator_in(user, _leaving_ids(community))
    if orphaned:
        words = {"user": user.display_name, "communities": ", ".join(orphaned)}
        if yourself:
            sentence = _(
                "You are the only facilitator of %(communities)s: make another member a "
                "co-facilitator first."
            )
        else:
            sentence = _(
                "%(user)s is the only facilitator of %(communities)s: make another member a "
                "co-facilitator first."
            )
        raise Invalid(sentence % words)


def _remove_member(*, user, community):
    ids = _leaving_ids(community)
    Membership.objects.filter(user=user, community__in=ids).delete()
    signals.member_left.send(sender=Community, user=user, community_ids=ids)
    _refresh_member_counts(ids)


@transaction.atomic
def membership_leave(*, user, community):
    if not Membership.objects.filter(user=user, community=community).exists():
        raise Invalid(_("You are not a member of %(community)s.") % {"community": community.name})
    _refuse_orphaning(user, community, yourself=True)
    _remove_member(user=user, community=community)


@transaction.atomic
def membership_request_create(*, user, community, reason):
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Tell the facilitators why you want to join."))
    access = CommunityAccess(user, community)
    if access.is_member:
        raise Invalid(
            _("You are already a member of %(community)s.") % {"community": community.name}
        )
    if community.requests.filter(user=user, state=MembershipRequest.State.PENDING).exists():
        raise Invalid(
            _("You have already asked to join %(community)s.") % {"community": community.name}
        )
    if not access.can_request:
        raise Invalid(
            access.membership_blocked_reason
            or _("%(community)s does not take requests to join.") % {"community": community.name}
        )
    request = MembershipRequest.objects.create(user=user, community=community, reason=reason)
    _email(
        to=_facilitator_emails(community),
        name="request_received",
        context={
            "community": community.name,
            "requester": user.display_name,
            "reason": reason,
            "requests_url": _community_url(community, "communities:requests"),
        },
    )
    return request


@transaction.atomic
def membership_request_withdraw(*, membership_request, user):
    if membership_request.user_id != user.pk or not membership_request.is_pending:
        raise Invalid(_("There is no request of yours waiting here."))
    membership_request.state = MembershipRequest.State.WITHDRAWN
    membership_request.decided_at = timezone.now()
    membership_request.save(update_fields=["state", "decided_at", "updated"])
    return membership_request


@transaction.atomic
def membership_request_decide(*, membership_request, by, approve, message=""):
    community = membership_request.community
    _require_moderator(by, community)
    req = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
    if not req.is_pending:
        raise Invalid(
            _("%(user)s's request has already been %(state)s.")
            % {"user": req.user.display_name, "state": str(req.get_state_display()).lower()}
        )
    message = (message or "").strip()
    if approve:
        if community.is_archived:
            raise Invalid(
                _("%(community)s has closed down and cannot take new members.")
                % {"community": community.name}
            )
        if not CommunityAccess(req.user, community).parent_allows_membership:
            raise Invalid(
                _("%(user)s must be a member of %(parent)s first.")
                % {"user": req.user.display_name, "parent": community.parent.name}
            )
    req.state = MembershipRequest.State.APPROVED if approve else MembershipRequest.State.DECLINED
    req.decided_by, req.decided_at, req.decision_message = by, timezone.now(), message
    req.save()
    signals.tell.send(
        sender=Community,
        user=req.user,
        kind="membership",
        actor=by,
        summary=(
            (
                _("%(by)s approved your request to join %(community)s.")
                if approve
                else _("%(by)s declined your request to join %(community)s.")
            )
            % {"by": by.display_name, "community": community.name}
        ),
        url=community.get_absolute_url() if approve else reverse("communities:mine"),
    )
    if approve:
        if not Membership.objects.filter(user=req.user, community=community).exists():
            _add_member(user=req.user, community=community, send_welcome=False)
        _email(
            to=[req.user.email],
            name="request_approved",
            context={**_welcome_context(community), "message": message, "by": by.display_name},
        )
    else:
        _email(
            to=[req.user.email],
            name="request_declined",
            context={
                "community": community.name,
                "message": message,
                "by": by.display_name,
                "directory_url": absolute_url(reverse("communities:directory")),
            },
        )
    return req


# --- facilitators managing members -----------------------------------------------------------
@transaction.atomic
def member_remove(*, community, user, by, message=""):
    _require_moderator(by, community)
    if not Membership.objects.filter(user=user, community=community).exists():
        raise Invalid(
            _("%(user)s is not a member of %(community)s.")
            % {"user": user.display_name, "community": community.name}
        )
    _refuse_orphaning(user, community, yourself=False)
    _remove_member(user=user, community=community)
    signals.tell.send(
        sender=Community,
        user=user,
        kind="membership",
        actor=by,
        summary=_("You are no longer a member of %(community)s.") % {"community": community.name},
        url=reverse("communities:directory"),
    )
    _email(
        to=[user.email],
        name="member_removed",
        context={"community": community.name, "message": (message or "").strip()},
    )


@transaction.atomic
def member_set_role(*, community, user, by, role):
    _require_moderator(by, community)
    role = Membership.Role(role)
    membership = Membership.objects.filter(user=user, community=community).first()
    if membership is None:
        raise Invalid(
            _("%(user)s is not a member of %(community)s.")
            % {"user": user.display_name, "community": community.name}
        )
    if membership.role == role:
        return membership
    if role == Membership.Role.MEMBER and _last_facilitator(community, user):
        raise Invalid(
            _("%(user)s is the only facilitator: make another member a co-facilitator first.")
            % {"user": user.display_name}
        )
    membership.role = role
    membership.save(update_fields=["role", "updated"])
    if role == Membership.Role.FACILITATOR:
        _email(
            to=[user.email],
            name="promoted",
            context={
                "community": community.name,
                "by": by.display_name,
                "manage_url": _community_url(community, "communities:manage"),
            },
        )
    return membership


def member_promote(*, community, user, by):
    return member_set_role(community=community, user=user, by=by, role=Membership.Role.FACILITATOR)


# --- invitations -----------------------------------------------------------------------------
def find_invitee(target):
    """A username or an email address → (user or None, email)."""
    target = (target or "").strip()
    users = get_user_model().objects.filter(is_active=True)
    if "@" in target:
        return users.filter(email__iexact=target).first(), target.lower()
    user = users.filter(username__iexact=target).first()
    if user is None:
        raise Invalid(
            _("Nobody has the username “%(target)s”. Check it, or invite by email.")
            % {"target": target}
        )
    return user, user.email


@transaction.atomic
def invitation_create(*, community, by, target, message=""):
    _require_moderator(by, community)
    if community.is_archived or not community.is_live:
        raise Invalid(_("%(community)s is not taking new members.") % {"community": community.name})
    user, email = find_invitee(target)
    if user is not None:
        if Membership.objects.filter(user=user, community=community).exists():
            raise Invalid(
                _("%(user)s is already a member of %(community)s.")
                % {"user": user.display_name, "community": community.name}
            )
        if not CommunityAccess(user, community).parent_allows_membership:
            raise Invalid(
                _("%(user)s must be a member of %(parent)s before they can join %(community)s.")
                % {
                    "user": user.display_name,
                    "parent": community.parent.name,
                    "community": community.name,
                }
            )
        open_for_them = community.invitations.filter(user=user)
    else:
        if community.parent is not None and community.parent.is_private:
            raise Invalid(
                _(
                    "Only members of %(parent)s can join %(community)s: invite them to %(parent)s "
                    "first."
                )
                % {"parent": community.parent.name, "community": community.name}
            )
        open_for_them = community.invitations.filter(email__iexact=email)
    if open_for_them.filter(state=Invitation.State.PENDING, expires_at__gt=timezone.now()).exists():
        raise Invalid(
            _("%(invitee)s has already been invited.")
            % {"invitee": user.display_name if user else email}
        )
    invitation = Invitation.objects.create(
        community=community,
        invited_by=by,
        user=user,
        email=email,
        message=(message or "").strip(),
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    signals.tell.send(
        sender=Community,
        user=user,
        kind="invitation",
        actor=by,
        summary=_("%(by)s invited you to join %(community)s.")
        % {"by": by.display_name, "community": community.name},
        url=reverse("communities:invitation", kwargs={"token": invitation.token}),
    )
    _email(
        to=[email],
        name="invitation",
        context={
            "community": community.name,
            "short_description": community.short_description,
            "by": by.display_name,
            "message": invitation.message,
            "accept_url": absolute_url(
                reverse("communities:invitation", kwargs={"token": invitation.token})
            ),
            "days": INVITATION_DAYS,
            "has_account": user is not None,
        },
    )
    return invitation


def invitation_for(user, token):
    """The open invitation behind a link, if this user may answer it (else None)."""
    invitation = (
        Invitation.objects.select_related("community", "invited_by", "user")
        .filter(token=token)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return None
    if invitation.user_id is not None and invitation.user_id != user.pk:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation, user):
    community = invitation.community
    if not invitation.is_open:
        raise Invalid(_("This invitation has expired or been withdrawn."))
    if invitation.user_id is not None and invitation.user_id != user.pk:
        raise Invalid(_("This invitation is for someone else."))
    if community.is_archived or not community.is_live:
        raise Invalid(_("%(community)s is not taking new members.") % {"community": community.name})
    if not CommunityAccess(user, community).parent_allows_membership:
        raise Invalid(
            _("Only members of %(parent)s can join %(community)s.")
            % {"parent": community.parent.name, "community": community.name}
        )
    invitation.state = Invitation.State.ACCEPTED
    invitation.user = user
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["state", "user", "responded_at", "updated"])
    if not Membership.objects.filter(user=user, community=community).exists():
        _add_member(user=user, community=community)
    return invitation


@transaction.atomic
def invitation_decline(*, invitation, user):
    if not invitation.is_open or (invitation.user_id and invitation.user_id != user.pk):
        raise Invalid(_("This invitation has expired or been withdrawn."))
    invitation.state = Invitation.State.DECLINED
    invitation.user = user
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["state", "user", "responded_at", "updated"])
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation, by):
    _require_moderator(by, invitation.community)
    if invitation.state != Invitation.State.PENDING:
        raise Invalid(_("Only invitations still waiting for a reply can be withdrawn."))
    invitation.state = Invitation.State.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["state", "responded_at", "updated"])
    return invitation

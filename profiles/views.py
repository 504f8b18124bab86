"""People pages: the finder, profiles, photos, contacts, blocks, and the member's own tabs.

Views stay thin: reads come from finder.py and rules.py, writes from services.py. Someone the
viewer may not see is a 404 (rules.can_view_profile); state changes are POST-only.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.concurrency import EditConflict
from core.files import serve_file
from core.redirects import safe_next

from . import export, finder, services
from .forms import DeleteAccountForm, FinderForm, PhotoForm, ProfileForm
from .models import Block, Contact, Profile
from .rules import can_view_profile, visible_fields
from .services import ActionNotAllowed, profile_for

PHOTO_CONTENT_TYPE = "image/jpeg"


def _visible_profile(request, username):
    profile = (
        Profile.objects.select_related("user")
        .with_relation_to(request.user)
        .filter(user__username=username)
        .first()
    )
    if profile is None or not can_view_profile(request.user, profile):
        raise Http404("No such member")
    return profile


def _query_string(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _posted(request):
    """The submitted data for a POST (even an empty one, so it shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def _back(request, fallback):
    return redirect(safe_next(request, request.POST.get("next"), fallback))


# --- the people finder ---------------------------------------------------------------------


def finder_page(request):
    form = FinderForm(request.GET or None)
    page = paginator = None
    criteria = finder.Criteria()
    profiles, tips = [], []
    if form.is_bound and form.is_valid():
        criteria = finder.Criteria(**form.cleaned_data)
    # An empty search lists nobody (never the whole directory): the page asks what to look for.
    if not criteria.is_empty and not form.errors:
        paginator = finder.CappedPaginator(
            finder.for_cards(finder.search(request.user, criteria)), finder.PAGE_SIZE
        )
        page = paginator.get_page(request.GET.get("page"))
        profiles = finder.decorate(page.object_list, request.user)
        profiles = finder.explain(profiles, criteria, request.user)
        if not profiles:
            tips = finder.suggestions(criteria)
    return render(
        request,
        "profiles/finder.html",
        {
            "form": form,
            "criteria": criteria,
            "page_obj": page,
            "paginator": paginator,
            "profiles": profiles,
            "tips": tips,
            "query_string": _query_string(request),
        },
    )


def like_me(request):
    tag_ids = finder.my_tag_ids(request.user)
    people = finder.people_like_me(request.user, tag_ids)
    people = finder.decorate(people, request.user)
    why = finder.shared_tags(tag_ids, people)
    for person in people:
        person.shared_tags = why[person.pk]
    return render(
        request,
        "profiles/like_me.html",
        {"people": people, "has_tags": bool(tag_ids), "tab": "personal"},
    )


# --- someone's profile ---------------------------------------------------------------------


def detail(request, username):
    profile = _visible_profile(request, username)
    viewer = request.user
    person = profile.user
    is_self = viewer.pk == person.pk
    return render(
        request,
        "profiles/detail.html",
        {
            "profile": profile,
            "person": person,
            "is_self": is_self,
            "contact_details": visible_fields(viewer, profile),
            "communities": finder.communities_of(person, viewer),
            "service_areas": list(profile.service_areas.all()),
            "expertise": [i.tag.name for i in profile.expertise_items.select_related("tag")],
            "interests": [i.tag.name for i in profile.interest_items.select_related("tag")],
            "in_my_contacts": profile.in_my_contacts,
            "blocked_by_me": profile.blocked_by_me,
            "can_message": not is_self and not profile.blocked_by_me,
        },
    )


def photo(request, username):
    """The photo, only for those who may see the profile, and never from a public URL.

    Always a JPEG we encoded ourselves (photos.py); core.files.serve_file adds nosniff, a
    sandboxing CSP and private caching (the URL's `v` token changes with every new photo).
    """
    profile = _visible_profile(request, username)
    if not profile.photo:
        raise Http404("No photo")
    return serve_file(profile.photo, filename="photo.jpg", content_type=PHOTO_CONTENT_TYPE)


@require_POST
def contact_add(request, username):
    profile = _visible_profile(request, username)
    try:
        services.contact_add(owner=request.user, contact=profile.user)
    except ActionNotAllowed as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(user)s is now one of your contacts.") % {"user": profile.user.display_name},
        )
    return _back(request, profile.get_absolute_url())


@require_POST
def contact_remove(request, username):
    profile = _visible_profile(request, username)
    services.contact_remove(owner=request.user, contact=profile.user)
    messages.success(
        request,
        _("%(user)s is no longer one of your contacts.") % {"user": profile.user.display_name},
    )
    return _back(request, profile.get_absolute_url())


@require_POST
def block(request, username):
    profile = _visible_profile(request, username)
    try:
        services.block(blocker=request.user, blocked=profile.user)
    except ActionNotAllowed as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "You have blocked %(user)s. They cannot send you messages, and neither of you "
                "will find the other in the people finder."
            )
            % {"user": profile.user.display_name},
        )
    return _back(request, profile.get_absolute_url())


@require_POST
def unblock(request, username):
    profile = _visible_profile(request, username)
    services.unblock(blocker=request.user, blocked=profile.user)
    messages.success(
        request, _("You have unblocked %(user)s.") % {"user": profile.user.display_name}
    )
    return _back(request, profile.get_absolute_url())


# --- my profile: the tabs ----------------------------------------------------------------------


def me(request):
    profile = profile_for(request.user)
    return render(
        request,
        "profiles/me.html",
        {
            "tab": "personal",
            "profile": profile,
            "person": request.user,
            "contact_details": visible_fields(request.user, profile),
            "service_areas": list(profile.service_areas.all()),
            "expertise": [i.tag.name for i in profile.expertise_items.select_related("tag")],
            "interests": [i.tag.name for i in profile.interest_items.select_related("tag")],
        },
    )


def edit(request):
    profile = profile_for(request.user)
    form = ProfileForm(_posted(request), instance=profile)
    context, status = {"tab": "personal", "form": form}, 200
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                profile=profile,
                name=form.cleaned_data["name"],
                expertise=form.cleaned_data["expertise"],
                interests=form.cleaned_data["interests"],
                service_areas=form.cleaned_data["service_areas"],
                base_version=form.base_version,
                **form.profile_fields(),
            )
        except EditConflict as conflict:
            theirs = ProfileForm(instance=conflict.current).initial
            context["conflict"] = form.conflict(conflict, theirs=theirs)
            status = 409
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("profiles:me")
    return render(request, "profiles/edit.html", context, status=status)


def photo_edit(request):
    profile = profile_for(request.user)
    form = PhotoForm(request.POST, request.FILES) if request.method == "POST" else PhotoForm()
    if request.method == "POST" and form.is_valid():
        services.photo_set(profile=profile, jpeg_bytes=form.cleaned_data["photo"])
        messages.success(request, _("Your new photo has been saved."))
        return redirect("profiles:me")
    return render(
        request, "profiles/photo.html", {"tab": "personal", "form": form, "profile": profile}
    )


@require_POST
def photo_remove(request):
    services.photo_remove(profile=profile_for(request.user))
    messages.success(request, _("Your photo has been removed."))
    return redirect("profiles:me")


def contacts(request):
    people = (
        Profile.objects.active()
        .filter(user__in=Contact.objects.filter(owner=request.user).values("contact"))
        .select_related("user")
        .order_by("name", "id")
    )
    page = Paginator(finder.with_expertise(people), finder.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "profiles/contacts.html",
        {
            "tab": "contacts",
            "page_obj": page,
            "profiles": finder.decorate(page.object_list, request.user),
        },
    )


def blocked(request):
    entries = (
        Block.objects.filter(blocker=request.user)
        .select_related("blocked")
        .order_by("blocked__name", "pk")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "profiles/blocked.html", {"tab": "personal", "page_obj": page})


def my_communities(request):
    memberships = finder.memberships_seen_by(request.user, request.user)
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(request, "profiles/my_communities.html", {"tab": "communities", "page_obj": page})


# --- data rights -------------------------------------------------------------------------------


def data(request):
    return render(request, "profiles/data.html", {"tab": "personal"})


@require_POST
def data_download(request):
    response = HttpResponse(export.build_zip(request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    response["Cache-Control"] = "no-store"
    return response


def delete_account(request):
    form = DeleteAccountForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(
            user=request.user, delete_sent_messages=form.cleaned_data["delete_sent_messages"]
        )
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("core:home")
    return render(request, "profiles/delete.html", {"tab": "personal", "form": form})

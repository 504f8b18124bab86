"""Thin views for toolkits, the closedown flow, lessons learned and the community archive.

Community pages load the community and check the rule once through `community_view` (hidden:
404; visible but not allowed: 403); the toolkit editor is for site admins only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.models import Community
from communities.rules import refuse
from communities.views import community_view
from core.concurrency import EditConflict
from core.errors import Invalid
from core.files import serve_file
from core.roles import is_site_admin

from . import selectors, services
from .forms import LessonsForm, ReadOnlyForm, SuccessorForm, TaskEditForm, TaskForm
from .models import ArchiveBuild, ToolkitTask


# --- toolkits: ticking (facilitators) ---------------------------------------------------------
@require_POST
@community_view("moderate")
def tick(request, community, access, pk):
    task = get_object_or_404(ToolkitTask, pk=pk)
    done = request.POST.get("done") == "1"
    try:
        services.task_tick(community=community, by=request.user, task=task, done=done)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        sentence = _("Ticked: %(task)s.") if done else _("Unticked: %(task)s.")
        messages.success(request, sentence % {"task": task.title})
    return redirect(_stage_url(community) + "#toolkit")


def _stage_url(community):
    return reverse("communities:stage", kwargs={"slug": community.slug})


# --- toolkits: writing them (site admins) -----------------------------------------------------
def _site_admin(request):
    if not is_site_admin(request.user):
        raise PermissionDenied(_("Only site administrators can change the toolkits."))


def toolkits(request):
    _site_admin(request)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(by=request.user, **form.cleaned_data)
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Added to %(stage)s: %(task)s.")
                % {"stage": task.get_stage_display(), "task": task.title},
            )
            return redirect("lifecycle:toolkits")
    communities = list(Community.objects.live().order_by("name"))
    progress = selectors.progress_of(communities)
    context = {
        "form": form,
        "stages": selectors.tasks_by_stage(),
        "communities": [(c, progress[c.pk]) for c in communities],
    }
    return render(request, "lifecycle/toolkits.html", context, status=400 if form.errors else 200)


def task_edit(request, pk):
    _site_admin(request)
    task = get_object_or_404(ToolkitTask, pk=pk)
    form = TaskEditForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(by=request.user, task=task, **form.cleaned_data)
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved: %(task)s.") % {"task": task.title})
            return redirect("lifecycle:toolkits")
    status = 400 if form.errors else 200
    return render(request, "lifecycle/task_edit.html", {"form": form, "task": task}, status=status)


@require_POST
def task_move(request, pk):
    _site_admin(request)
    task = get_object_or_404(ToolkitTask, pk=pk)
    try:
        services.task_move(by=request.user, task=task, direction=request.POST.get("direction"))
    except Invalid as error:
        messages.error(request, str(error))
    return redirect("lifecycle:toolkits")


@require_POST
def task_retire(request, pk):
    _site_admin(request)
    task = get_object_or_404(ToolkitTask, pk=pk)
    retire = request.POST.get("retired") != "0"
    services.task_retire(by=request.user, task=task, retired=retire)
    sentence = _("Retired: %(task)s.") if retire else _("Restored: %(task)s.")
    messages.success(request, sentence % {"task": task.title})
    return redirect("lifecycle:toolkits")


# --- closedown (facilitators) -----------------------------------------------------------------
def _in_closedown(community):
    if community.stage != Community.Stage.CLOSEDOWN:
        refuse("not_in_closedown", community=community.name)


def _closedown_context(request, community, access, **forms):
    closedown = services.closedown_of(community)
    return {
        "community": community,
        "access": access,
        "closedown": closedown,
        "successor_form": forms.get("successor_form")
        or SuccessorForm(
            initial={"successor": closedown.successor_id}, user=request.user, community=community
        ),
        "read_only_form": forms.get("read_only_form")
        or ReadOnlyForm(
            initial={"day": community.read_only_from.date() if community.read_only_from else None}
        ),
        "progress": selectors.progress_for(community),
        "moved": community.stage_changes.filter(to_stage=Community.Stage.CLOSEDOWN)
        .select_related("changed_by")
        .first(),
    }


@community_view("moderate")
def closedown(request, community, access):
    _in_closedown(community)
    context = _closedown_context(request, community, access)
    return render(request, "lifecycle/closedown.html", context)


@community_view("moderate")
def successor(request, community, access):
    _in_closedown(community)
    form = SuccessorForm(request.POST or None, user=request.user, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.successor_set(
                community=community, by=request.user, successor=form.cleaned_data["successor"]
            )
        except Invalid as error:
            form.add_error("successor", str(error))
        else:
            messages.success(request, _("The successor has been saved."))
            return redirect("lifecycle:closedown", slug=community.slug)
    if request.method != "POST":
        return redirect("lifecycle:closedown", slug=community.slug)
    context = _closedown_context(request, community, access, successor_form=form)
    return render(request, "lifecycle/closedown.html", context, status=400)


@community_view("moderate")
def read_only(request, community, access):
    _in_closedown(community)
    form = ReadOnlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.read_only_set(
                community=community, by=request.user, day=form.cleaned_data["day"]
            )
        except Invalid as error:
            form.add_error("day", str(error))
        else:
            if community.read_only_from:
                when = f"from {community.read_only_from:%-d %B %Y}"
                messages.success(
                    request,
                    _("%(community)s will be read-only %(when)s.")
                    % {"community": community.name, "when": when},
                )
            else:
                messages.success(
                    request,
                    _("%(community)s is now a read-only archive.") % {"community": community.name},
                )
            return redirect("lifecycle:closedown", slug=community.slug)
    if request.method != "POST":
        return redirect("lifecycle:closedown", slug=community.slug)
    context = _closedown_context(request, community, access, read_only_form=form)
    return render(request, "lifecycle/closedown.html", context, status=400)


@require_POST
@community_view("moderate")
def notice(request, community, access):
    _in_closedown(community)
    try:
        services.notice_send(community=community, by=request.user)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The notice is on its way to every member."))
    return redirect("lifecycle:closedown", slug=community.slug)


@community_view("moderate")
def lessons_edit(request, community, access):
    _in_closedown(community)
    record = services.closedown_of(community)
    form = LessonsForm(request.POST or None, instance=record)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.lessons_update(
                community=community,
                by=request.user,
                what_worked=form.cleaned_data["what_worked"],
                what_did_not=form.cleaned_data["what_did_not"],
                outputs=form.cleaned_data["outputs"],
                base_version=form.base_version,
            )
        except EditConflict as error:
            conflict = form.conflict(error, theirs=LessonsForm(instance=error.current).initial)
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The lessons learned have been saved."))
            return redirect("lifecycle:lessons", slug=community.slug)
    status = 409 if conflict else 400 if form.errors else 200
    context = {"community": community, "access": access, "form": form, "conflict": conflict}
    return render(request, "lifecycle/lessons_edit.html", context, status=status)


# --- members' pages ---------------------------------------------------------------------------
@community_view("view")
def lessons(request, community, access):
    closedown = selectors.closedown_for(community)
    if community.stage != Community.Stage.CLOSEDOWN:
        raise Http404("This community is not in closedown.")
    context = {
        "community": community,
        "access": access,
        "closedown": closedown,
        "successor": selectors.visible_successor(closedown, request.user),
    }
    return render(request, "lifecycle/lessons.html", context)


@community_view("view")
def archive(request, community, access):
    running, ready, failed = selectors.latest_builds(community)
    context = {
        "community": community,
        "access": access,
        "running": running,
        "ready": ready,
        "failed": failed,
    }
    return render(request, "lifecycle/archive.html", context)


@require_POST
@community_view("view")
def archive_build(request, community, access):
    build = services.archive_request(community=community, by=request.user)
    if build.requested_by_id == request.user.pk:
        messages.success(
            request,
            _(
                "The archive is being built. This page shows how far it has got, and we will "
                "email you a link when it is ready."
            ),
        )
    else:
        messages.info(
            request, _("The archive is already being built; this page shows its progress.")
        )
    return redirect("lifecycle:archive", slug=community.slug)


@community_view("view")
def archive_download(request, community, access, pk):
    build = get_object_or_404(
        ArchiveBuild, pk=pk, community=community, status=ArchiveBuild.Status.READY
    )
    return serve_file(
        build.file,
        filename=f"{community.slug}-archive.zip",
        content_type="application/zip",
        inline_if_image=False,
    )

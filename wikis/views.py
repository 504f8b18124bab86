"""Wiki pages. Thin: load through the visibility rule (hidden → 404), check the rule for the
action (not allowed → 403 with the reason), call a service, redirect with a message."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from communities.rules import refuse
from communities.views import community_view
from core.diff import diff_rows, title_change
from core.errors import Invalid
from search.query import SearchRequest, search

from . import services
from .forms import CompareForm, PageForm, RevertForm, WikiIndexForm
from .models import Revision, WikiPage
from .services import EditConflict

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50


# The community's visibility rule, then the feature: no wiki, no pages (404).
wiki_view = community_view("view", feature="wiki")


def _context(community, access, **extra):
    return {"community": community, "access": access, "active_tab": "wiki", **extra}


def _require_can_post(community, access):
    access.require("post", doing=services.EDITING)


def _pages(request, community):
    return WikiPage.objects.visible_to(request.user).in_community(community)


def _page_or_404(request, community, slug):
    page = (
        _pages(request, community)
        .select_related("current_revision__author", "created_by")
        .filter(slug=slug)
        .first()
    )
    if page is None:
        raise Http404("No such wiki page.")
    page.community = community
    return page


def _related_both_ways(page):
    """(the pages `page` lists as related, the pages that list it), each A–Z, in one query over
    the links in both directions."""
    links = (
        WikiPage.related.through.objects.filter(  # visibility: links within the page's wiki
            Q(from_wikipage=page) | Q(to_wikipage=page)
        )
        .select_related("from_wikipage", "to_wikipage")
        .only(
            "from_wikipage__title",
            "from_wikipage__slug",
            "to_wikipage__title",
            "to_wikipage__slug",
        )
        # Links from the page share its title as from-title, links to it as to-title: ordering
        # by both sorts each group by the other page's title.
        .order_by("to_wikipage__title", "from_wikipage__title", "pk")
    )
    related, linked_from = [], []
    for link in links:
        if link.from_wikipage_id == page.pk:
            related.append(link.to_wikipage)
        else:
            linked_from.append(link.from_wikipage)
    return related, linked_from


def _revision_or_404(page, number):
    revision = Revision.objects.filter(page=page, number=number).select_related("author").first()
    if revision is None:
        raise Http404("No such revision.")
    revision.page = page
    return revision


# --- index -------------------------------------------------------------------------------------
@wiki_view
def index(request, community, access):
    form = WikiIndexForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    q, sort = data.get("q", "").strip(), data.get("sort") or "az"
    context = _context(
        community,
        access,
        form=form,
        q=q,
        sort=sort,
        sorts=WikiIndexForm.SORTS,
        why_not_edit=access.refusal("post", doing=services.EDITING),
    )
    if q:
        results = search(request.user, SearchRequest(q=q, kinds=["wiki"], community=community))
        context["page_obj"] = results.page(request.GET.get("page"), per_page=PAGE_SIZE)
        context["query_string"] = urlencode({"q": q})
        return render(request, "wikis/index.html", context)
    pages = _pages(request, community).select_related("last_editor", "current_revision")
    pages = pages.recently_changed() if sort == "recent" else pages.a_to_z()
    context["page_obj"] = Paginator(pages, PAGE_SIZE).get_page(request.GET.get("page"))
    context["query_string"] = urlencode({"sort": sort})
    return render(request, "wikis/index.html", context)


# --- create, view, edit ------------------------------------------------------------------------
def _related_choices(request, community, page=None):
    pages = _pages(request, community)
    if page is not None:
        pages = pages.exclude(pk=page.pk)
    return list(pages.a_to_z().values_list("pk", "title"))


def _related_pages(request, community, ids):
    found = {p.pk: p for p in _pages(request, community).filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


@wiki_view
def page_new(request, community, access):
    _require_can_post(community, access)
    initial = {"title": request.GET.get("title", "")[:200]}
    form = PageForm(
        request.POST or None,
        initial=initial,
        creating=True,
        related_choices=_related_choices(request, community),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            page = services.page_create(
                community=community,
                author=request.user,
                title=data["title"],
                body=data["body"],
                reason=data["reason"] or _("Created the page."),
                related=_related_pages(request, community, form.related_ids()),
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The page “%(page)s” has been created.") % {"page": page.title}
            )
            return redirect(page)
    return render(request, "wikis/page_form.html", _context(community, access, form=form))


@wiki_view
def page(request, community, access, page):
    page = _page_or_404(request, community, page)
    related, linked_from = _related_both_ways(page)
    return render(
        request,
        "wikis/page.html",
        _context(
            community,
            access,
            page=page,
            revision=page.current_revision,
            related=related,
            linked_from=linked_from,
            can_delete=access.can_moderate,
        ),
    )


@wiki_view
def edit(request, community, access, page):
    page = _page_or_404(request, community, page)
    _require_can_post(community, access)
    current = page.current_revision
    related_ids = list(page.related.values_list("pk", flat=True))
    choices = _related_choices(request, community, page)
    form = PageForm(
        request.POST or None,
        initial={
            "title": page.title,
            "body": current.body if current else "",
            "base_version": page.version,
        },
        related_choices=choices,
        related_initial=related_ids,
    )
    form.fields["base_version"].required = True
    context = _context(community, access, form=form, page=page)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.page_edit(
                page=page,
                by=request.user,
                title=data["title"],
                body=data["body"],
                reason=data["reason"],
                base_version=data["base_version"],
                related=_related_pages(request, community, form.related_ids()),
            )
        except EditConflict as conflict:
            latest = conflict.page
            latest.community = community
            # Keep everything the member typed; only move the form onto the new version, so
            # saving again (after checking the differences) goes through.
            posted = request.POST.copy()
            posted["base_version"] = str(latest.version)
            form = PageForm(posted, related_choices=choices, related_initial=related_ids)
            form.fields["base_version"].required = True
            form.is_valid()
            form.add_error(None, str(conflict))
            context.update(
                form=form,
                conflict=latest,
                conflict_diff=diff_rows(latest.current_revision.body, data["body"]),
                conflict_title=title_change(latest.title, data["title"]),
            )
            status = 409
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your changes to “%(page)s” have been saved.") % {"page": page.title}
            )
            return redirect(page)
    return render(request, "wikis/page_form.html", context, status=status)


# --- history, revisions, diffs, revert -----------------------------------------------------------
@wiki_view
def history(request, community, access, page):
    page = _page_or_404(request, community, page)
    revisions = Revision.objects.filter(page=page).select_related("author").order_by("-number")
    page_obj = Paginator(revisions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "wikis/history.html",
        _context(community, access, page=page, page_obj=page_obj),
    )


@wiki_view
def revision(request, community, access, page, number):
    page = _page_or_404(request, community, page)
    revision = _revision_or_404(page, number)
    return render(
        request,
        "wikis/revision.html",
        _context(
            community,
            access,
            page=page,
            revision=revision,
            is_current=revision.number == page.version,
            revert_form=RevertForm(initial={"base_version": page.version}),
        ),
    )


@wiki_view
def compare(request, community, access, page):
    page = _page_or_404(request, community, page)
    form = CompareForm(request.GET or None)
    context = _context(community, access, page=page, form=form)
    if form.is_valid():
        old_number, new_number = form.cleaned_data["old"], form.cleaned_data["new"]
        found = {
            r.number: r
            for r in Revision.objects.filter(
                page=page, number__in=[old_number, new_number]
            ).select_related("author")
        }
        if old_number not in found or new_number not in found:
            form.add_error(
                None, _("This page has revisions 1 to %(version)s.") % {"version": page.version}
            )
        else:
            old, new = found[old_number], found[new_number]
            context.update(
                old=old,
                new=new,
                rows=diff_rows(old.body, new.body),
                title_diff=title_change(old.title, new.title),
                previous=old_number - 1
                if old_number > 1 and new_number == old_number + 1
                else None,
                following=new_number + 1
                if new_number < page.version and new_number == old_number + 1
                else None,
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "wikis/compare.html", context, status=status)


@wiki_view
def revert(request, community, access, page, number):
    page = _page_or_404(request, community, page)
    revision = _revision_or_404(page, number)
    _require_can_post(community, access)
    form = RevertForm(
        request.POST or None,
        initial={
            "base_version": page.version,
            "reason": _("Reverted to revision %(number)s") % {"number": number},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.page_revert(
                page=page,
                by=request.user,
                revision=revision,
                base_version=form.cleaned_data["base_version"],
                reason=form.cleaned_data["reason"],
            )
        except EditConflict as conflict:
            posted = request.POST.copy()
            posted["base_version"] = str(conflict.page.version)
            form = RevertForm(posted)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone saved revision %(version)s while you were deciding. Check the page "
                    "history; revert again if you still want to."
                )
                % {"version": conflict.page.version},
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("“%(page)s” is back to revision %(number)s, as a new revision.")
                % {"page": page.title, "number": number},
            )
            return redirect(page)
    return render(
        request,
        "wikis/revert.html",
        _context(community, access, page=page, revision=revision, form=form),
    )


# --- delete ------------------------------------------------------------------------------------
@wiki_view
def delete(request, community, access, page):
    page = _page_or_404(request, community, page)
    if not access.can_moderate:
        refuse("facilitators_only", community=community.name, doing=_("delete wiki pages"))
    if request.method == "POST":
        title = page.title
        services.page_delete(page=page, by=request.user)
        messages.success(
            request, _("The page “%(title)s” and its history have been deleted.") % {"title": title}
        )
        return redirect("wikis:index", community.slug)
    return render(request, "wikis/delete.html", _context(community, access, page=page))

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comments.selectors import comments_context
from communities.rules import refuse
from communities.views import community_view
from conversations.services import annotate_reactions
from core.concurrency import EditConflict
from core.errors import Invalid
from richtext.attachments import attach_to, attachments_for

from . import selectors, services
from .forms import EntryEditForm, EntryForm
from .models import Blog, BlogEntry


def index(request):
    return redirect("blogs:user", username=request.user.username)


def user_blog(request, username):
    author = get_object_or_404(get_user_model(), username=username, is_active=True)
    blog = Blog.objects.filter(user=author).first()
    is_owner = author.pk == request.user.pk
    entries = BlogEntry.objects.visible_to(request.user).filter(author=author)
    page_obj = selectors.entries_page(entries, request.user, request.GET.get("page"))
    return render(
        request,
        "blogs/user_blog.html",
        {
            "author": author,
            "is_owner": is_owner,
            "blog_active": blog is None or blog.is_active,
            "page_obj": page_obj,
        },
    )


def _entry_or_404(request, username, pk):
    entry = selectors.entry_for(request.user, username, pk)
    if entry is None or not entry.content_visible_to(request.user):
        raise Http404("No such blog entry.")
    return entry


def entry(request, username, pk):
    entry = _entry_or_404(request, username, pk)
    annotate_reactions([entry], request.user)
    attach_to([entry])
    can_comment = entry.can_comment(request.user)
    context = {
        "entry": entry,
        "is_owner": entry.author_id == request.user.pk,
        "can_respond": can_comment,
        **comments_context(
            entry, request.user, page=request.GET.get("comments"), can_comment=can_comment
        ),
    }
    if not can_comment:
        context["comment_closed_reason"] = (
            _(
                "Comments are closed: this entry is only published in communities that have "
                "closed down."
            )
            if entry.published_communities()
            else ""
        )
    return render(request, "blogs/entry.html", context)


def entry_new(request):
    communities = selectors.publishable_communities(request.user)
    form = EntryForm(request.POST or None, request.FILES or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.entry_create(
                author=request.user,
                title=data["title"],
                body=data["body"],
                communities=data["communities"],
                files=data["files"],
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your blog entry has been published."))
            return redirect(entry)
    return render(request, "blogs/entry_form.html", {"form": form, "entry": None})


def _own_entry(request, username, pk):
    entry = _entry_or_404(request, username, pk)
    if entry.author_id != request.user.pk:
        refuse("blog_author", doing=_("edit a blog entry"))
    return entry


def entry_edit(request, username, pk):
    entry = _own_entry(request, username, pk)
    if entry.is_removed:
        refuse("hidden_entry")
    communities = selectors.publishable_communities(request.user)
    attachments = attachments_for([entry]).get(entry.pk, [])
    form = EntryEditForm(
        request.POST or None,
        request.FILES or None,
        initial=_edit_initial(entry),
        version=entry.edit_version,
        communities=communities,
        attachments=attachments,
    )
    context, status = {"form": form, "entry": entry}, 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_edit(
                entry=entry,
                by=request.user,
                title=data["title"],
                body=data["body"],
                communities=list(data["communities"]),
                offered=list(communities),
                files=data["files"],
                remove_attachments=data.get("remove_files") or (),
                base_version=form.base_version,
            )
        except EditConflict as conflict:
            context["conflict"] = form.conflict(conflict, theirs=_edit_initial(conflict.current))
            status = 409
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(entry)
    return render(request, "blogs/entry_form.html", context, status=status)


def _edit_initial(entry):
    return {
        "title": entry.title,
        "body": entry.body,
        "communities": [p.community_id for p in entry.publications.all()],
    }


def entry_delete(request, username, pk):
    entry = _own_entry(request, username, pk)
    if request.method == "POST":
        services.entry_delete(entry=entry, by=request.user)
        messages.success(
            request, _("Your entry “%(entry)s” has been deleted.") % {"entry": entry.title}
        )
        return redirect("blogs:user", username=request.user.username)
    return render(request, "blogs/entry_delete.html", {"entry": entry})


@require_POST
def set_active(request):
    active = request.POST.get("active") == "1"
    services.blog_set_active(user=request.user, active=active)
    if active:
        messages.success(request, _("Your blog is active again: others can read it."))
    else:
        messages.success(
            request, _("Your blog is inactive: nobody but you can see it or its entries.")
        )
    return redirect("blogs:user", username=request.user.username)


@community_view("view", feature="blogs")
def community(request, community, access):
    entries = BlogEntry.objects.visible_to(request.user).published_in(community)
    page_obj = selectors.entries_page(entries, request.user, request.GET.get("page"))
    return render(
        request,
        "blogs/community.html",
        {
            "community": community,
            "access": access,
            "active_tab": "blogs",
            "page_obj": page_obj,
            "can_publish": access.can_post,
        },
    )

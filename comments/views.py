from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.rules import refuse
from core.concurrency import EditConflict
from core.errors import Invalid

from .forms import CommentEditForm, CommentForm
from .models import Comment, commentable_models
from .selectors import PAGE_SIZE
from .services import can_delete, comment_create, comment_edit, comment_remove
from .services import comment_restore as restore_comment


def _target_or_404(kind, pk, user):
    model = commentable_models().get(kind)
    if model is None:
        raise Http404("Nothing to comment on.")
    target = model.objects.visible_to(user).filter(pk=pk).first()
    content_visible = getattr(target, "content_visible_to", None)
    if target is None or (content_visible is not None and not content_visible(user)):
        raise Http404("Nothing to comment on.")
    return target


def _comment_or_404(pk, user):
    comment = Comment.objects.visible_to(user).select_related("author").filter(pk=pk).first()
    if comment is None:
        raise Http404("No such comment.")
    return comment


def _comment_url(comment):
    """The target's page that holds this comment, scrolled to it."""
    position = Comment.objects.on(comment.target).filter(pk__lt=comment.pk).count()
    page = position // PAGE_SIZE + 1
    query = f"?comments={page}" if page > 1 else ""
    return f"{comment.target.get_absolute_url()}{query}#comment-{comment.pk}"


def add(request, kind, pk):
    target = _target_or_404(kind, pk, request.user)
    if not target.can_comment(request.user):
        refuse("comment_members")
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment = comment_create(
                target=target, author=request.user, body=form.cleaned_data["body"]
            )
        except Invalid as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(_comment_url(comment))
    return render(request, "comments/add.html", {"form": form, "target": target})


def permalink(request, pk):
    comment = _comment_or_404(pk, request.user)
    return redirect(_comment_url(comment))


def edit(request, pk):
    comment = _comment_or_404(pk, request.user)
    if comment.author_id != request.user.pk or comment.is_removed:
        refuse("comment_author")
    if not comment.target.can_comment(request.user):
        refuse("comment_closed")
    form = CommentEditForm(
        request.POST or None, initial={"body": comment.body}, version=comment.edit_version
    )
    context, status = {"form": form, "comment": comment}, 200
    if request.method == "POST" and form.is_valid():
        try:
            comment_edit(
                comment=comment,
                by=request.user,
                body=form.cleaned_data["body"],
                base_version=form.base_version,
            )
        except EditConflict as conflict:
            context["conflict"] = form.conflict(conflict, theirs={"body": conflict.current.body})
            status = 409
        except Invalid as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Your comment has been updated."))
            return redirect(_comment_url(comment))
    return render(request, "comments/edit.html", context, status=status)


def delete(request, pk):
    comment = _comment_or_404(pk, request.user)
    if not can_delete(comment, request.user):
        refuse("author_or_facilitator", doing=_("delete this comment"))
    if request.method == "POST":
        comment_remove(comment=comment, by=request.user)
        messages.success(request, _("The comment has been deleted."))
        return redirect(_comment_url(comment))
    return render(request, "comments/delete.html", {"comment": comment})


@require_POST
def restore(request, pk):
    comment = _comment_or_404(pk, request.user)
    if not comment.can_moderate(request.user):
        refuse("a_facilitator", doing=_("restore a comment"))
    restore_comment(comment=comment, by=request.user)
    messages.success(request, _("The comment has been restored."))
    return redirect(_comment_url(comment))

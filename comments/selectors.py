"""Reads for showing comments under any target: one page, constant queries."""

from django.core.paginator import Paginator

from conversations.services import annotate_reactions

from .forms import CommentForm
from .models import Comment

PAGE_SIZE = 50


def comments_context(target, user, *, page=None, form=None, can_comment=None, can_moderate=None):
    """Everything `comments/includes/_comments.html` needs. The target's page has already
    checked that `user` can see the target; pass the permission answers if the page has them,
    so they are not asked again."""
    can_comment = target.can_comment(user) if can_comment is None else can_comment
    can_moderate = target.can_moderate(user) if can_moderate is None else can_moderate
    comments = Comment.objects.on(target).select_related("author")
    page_obj = Paginator(comments, PAGE_SIZE).get_page(page)
    items = annotate_reactions(page_obj.object_list, user)
    for comment in items:
        comment.target = target  # the page's own object: no query per comment
        comment.show_body = not comment.is_removed or can_moderate
        comment.may_edit = can_comment and not comment.is_removed and comment.author_id == user.pk
        comment.may_delete = not comment.is_removed and (
            can_moderate or (can_comment and comment.author_id == user.pk)
        )
        comment.may_restore = comment.is_removed and can_moderate
    return {
        "comment_target": target,
        "comment_page": page_obj,
        "comment_items": items,
        "comment_form": form or CommentForm(),
        "can_comment": can_comment,
        "can_moderate_comments": can_moderate,
    }

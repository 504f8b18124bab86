"""Forum pages. Thin: load through the visibility rule (hidden → 404), check the rule for the
action (not allowed → 403 with the reason), call a service, redirect with a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.rules import refuse
from communities.views import community_view
from core.concurrency import EditConflict
from core.errors import Invalid
from richtext.attachments import attachments_for

from . import rendering, selectors, services
from .forms import PostEditForm, ReplyForm, TopicForm, TopicListForm
from .models import Post, Topic

# The community's visibility rule, then the feature: no forum, no pages (404).
forum_view = community_view("view", feature="forum")


def _context(community, access, **extra):
    return {"community": community, "access": access, "active_tab": "forum", **extra}


def _topic_or_404(request, community, access, pk):
    topic = (
        Topic.objects.visible_to(request.user)
        .in_community(community)
        .select_related("author", "last_poster", "opening_post__author", "accepted_answer__author")
        .filter(pk=pk)
        .first()
    )
    if topic is None or (topic.is_removed and not access.can_moderate):
        raise Http404("No such topic.")
    topic.community = community
    return topic


def _post_or_404(request, community, access, pk):
    post = (
        Post.objects.visible_to(request.user)
        .in_community(community)
        .select_related("author", "topic__author")
        .filter(pk=pk)
        .first()
    )
    if post is None or (post.topic.is_removed and not access.can_moderate):
        raise Http404("No such post.")
    post.community = post.topic.community = community
    return post


def _why_not_post(community, access):
    return access.refusal("post", doing=services.POSTING)


def _require_can_post(community, access):
    access.require("post", doing=services.POSTING)


def _thread_url(post):
    url = post.topic.get_absolute_url()
    if post.is_opening:
        return url
    page = selectors.thread_page_number(post)
    return f"{url}{f'?page={page}' if page > 1 else ''}#{post.anchor}"


# --- topic list --------------------------------------------------------------------------------
@forum_view
def index(request, community, access):
    form = TopicListForm(request.GET or None)
    sort, per_page = form.values()
    page_obj = selectors.topic_list(
        community=community,
        user=request.user,
        sort=sort,
        per_page=per_page,
        page=request.GET.get("page"),
    )
    query = f"sort={sort}&per_page={per_page}"
    return render(
        request,
        "forums/index.html",
        _context(
            community,
            access,
            form=form,
            page_obj=page_obj,
            sort=sort,
            per_page=per_page,
            query_string=query,
            sorts=selectors.SORTS,
            sort_label=selectors.SORTS[sort],
            page_numbers=selectors.page_numbers(page_obj),
            topic_rows=rendering.topic_rows(page_obj.object_list),
            why_not_post=_why_not_post(community, access),
        ),
    )


@forum_view
def topic_new(request, community, access):
    _require_can_post(community, access)
    form = TopicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.topic_create(
                community=community,
                author=request.user,
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                files=data["files"],
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your topic has been started."))
            return redirect(topic)
    return render(request, "forums/topic_new.html", _context(community, access, form=form))


# --- one topic ---------------------------------------------------------------------------------
def _topic_page(request, community, access, topic, reply_form=None, status=200):
    can_moderate = access.can_moderate
    page_obj = selectors.thread_page(topic=topic, page=request.GET.get("page"))
    rows = page_obj.object_list
    can_reply = access.can_post and not topic.is_removed and (not topic.is_locked or can_moderate)
    if not can_reply:
        why_not = (
            _why_not_post(community, access)
            if not access.can_post
            else _("This topic is locked: a facilitator has closed it to new replies.")
        )
    else:
        why_not = ""
    can_choose_answer = services.can_choose_answer(topic, request.user)
    answer_url = reverse("forums:topic_answer", args=[community.slug, topic.pk])
    posts_html, closing = rendering.thread_blocks(
        request,
        topic=topic,
        page_obj=page_obj,
        answer_url=answer_url,
        can_reply=can_reply,
        can_post=access.can_post,
        can_moderate=can_moderate,
        can_choose_answer=can_choose_answer,
    )
    opening, answer = topic.opening_post, topic.accepted_answer
    context = _context(
        community,
        access,
        topic=topic,
        opening=opening,
        answer=answer,
        answer_url=answer_url,
        posts_html=posts_html,
        can_reply=can_reply,
        why_not_reply=why_not,
        can_moderate=can_moderate,
        can_choose_answer=can_choose_answer,
        user_can_post=access.can_post,
        reply_form=reply_form or ReplyForm(),
        page_obj=page_obj,
        posts=rows,
        thread_closing=closing,
    )
    return render(request, "forums/topic.html", context, status=status)


@forum_view
def topic(request, community, access, pk):
    topic = _topic_or_404(request, community, access, pk)
    return _topic_page(request, community, access, topic)


@forum_view
def post_permalink(request, community, access, pk):
    post = _post_or_404(request, community, access, pk)
    return redirect(_thread_url(post))


def _reply(request, community, access, topic, parent):
    if topic.is_locked and not access.can_moderate:
        refuse("locked")
    _require_can_post(community, access)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.reply_create(
                topic=topic,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
                files=form.cleaned_data["files"],
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your reply has been posted."))
            return redirect(_thread_url(post))
    context = _context(community, access, topic=topic, parent=parent, form=form)
    return render(request, "forums/reply.html", context)


@forum_view
def reply(request, community, access, pk):
    topic = _topic_or_404(request, community, access, pk)
    return _reply(request, community, access, topic, None)


@forum_view
def post_reply(request, community, access, pk):
    post = _post_or_404(request, community, access, pk)
    if post.is_removed:
        raise PermissionDenied(_("That reply has been deleted; reply to the topic instead."))
    return _reply(request, community, access, post.topic, None if post.is_opening else post)


@forum_view
def post_edit(request, community, access, pk):
    post = _post_or_404(request, community, access, pk)
    if not services.can_edit(post, request.user):
        refuse("post_author")
    attachments = attachments_for([post]).get(post.pk, [])
    form = PostEditForm(
        request.POST or None,
        request.FILES or None,
        initial=_edit_initial(post),
        version=post.edit_version,
        post=post,
        attachments=attachments,
    )
    context = _context(community, access, post=post, form=form)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_edit(
                post=post,
                by=request.user,
                body=data["body"],
                title=data.get("title"),
                kind=data.get("kind"),
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
            return redirect(_thread_url(post))
    return render(request, "forums/post_edit.html", context, status=status)


def _edit_initial(post):
    return {"body": post.body, "title": post.topic.title, "kind": post.topic.kind}


@forum_view
def post_delete(request, community, access, pk):
    post = _post_or_404(request, community, access, pk)
    if post.is_opening:
        return redirect("forums:topic_delete", slug=community.slug, pk=post.topic_id)
    if not services.can_delete(post, request.user):
        refuse("author_or_facilitator", doing=_("delete this reply"))
    if request.method == "POST":
        services.post_remove(post=post, by=request.user)
        messages.success(request, _("The reply has been deleted. Replies to it stay in place."))
        return redirect(_thread_url(post))
    return render(request, "forums/post_delete.html", _context(community, access, post=post))


@forum_view
@require_POST
def post_restore(request, community, access, pk):
    post = _post_or_404(request, community, access, pk)
    if not access.can_moderate:
        refuse("facilitators_only", community=community.name, doing=_("restore posts"))
    services.post_restore(post=post, by=request.user)
    messages.success(request, _("The post has been restored."))
    return redirect(_thread_url(post))


# --- topic tools ---------------------------------------------------------------------------------
@forum_view
def topic_delete(request, community, access, pk):
    topic = _topic_or_404(request, community, access, pk)
    if not services.can_delete_topic(topic, request.user):
        refuse("topic_starter")
    if request.method == "POST":
        services.topic_remove(topic=topic, by=request.user)
        messages.success(
            request, _("The topic “%(topic)s” has been deleted.") % {"topic": topic.title}
        )
        return redirect("forums:index", slug=community.slug)
    return render(request, "forums/topic_delete.html", _context(community, access, topic=topic))


def _moderator_only(community, access):
    if not access.can_moderate:
        refuse("facilitators_only", community=community.name, doing=_("do that"))


@forum_view
@require_POST
def topic_restore(request, community, access, pk):
    _moderator_only(community, access)
    topic = _topic_or_404(request, community, access, pk)
    services.topic_restore(topic=topic, by=request.user)
    messages.success(
        request, _("The topic “%(topic)s” has been restored.") % {"topic": topic.title}
    )
    return redirect(topic)


@forum_view
@require_POST
def topic_pin(request, community, access, pk):
    _moderator_only(community, access)
    topic = _topic_or_404(request, community, access, pk)
    pinned = request.POST.get("pinned") == "1"
    services.topic_set_pinned(topic=topic, by=request.user, pinned=pinned)
    messages.success(request, _("Pinned to the top of the forum.") if pinned else _("Unpinned."))
    return redirect(topic)


@forum_view
@require_POST
def topic_lock(request, community, access, pk):
    _moderator_only(community, access)
    topic = _topic_or_404(request, community, access, pk)
    locked = request.POST.get("locked") == "1"
    services.topic_set_locked(topic=topic, by=request.user, locked=locked)
    messages.success(
        request, _("Locked: no new replies.") if locked else _("Unlocked: members can reply again.")
    )
    return redirect(topic)


@forum_view
@require_POST
def topic_answer(request, community, access, pk):
    topic = _topic_or_404(request, community, access, pk)
    if not services.can_choose_answer(topic, request.user):
        refuse("asker")
    choice = request.POST.get("post", "")
    post = None
    if choice != "clear":
        post = (
            Post.objects.visible_to(request.user)
            .filter(topic=topic, pk=choice if choice.isdigit() else 0)
            .first()
        )
        if post is None:
            messages.error(request, _("Choose a reply in this topic as the answer."))
            return redirect(topic)
    try:
        services.answer_mark(topic=topic, post=post, by=request.user)
    except Invalid as error:
        messages.error(request, str(error))
        return redirect(topic)
    if post is None:
        messages.success(request, _("The topic no longer has an accepted answer."))
        return redirect(topic)
    messages.success(request, _("Marked as the answer: it is now shown first."))
    return redirect(
        reverse("forums:topic", kwargs={"slug": community.slug, "pk": topic.pk}) + f"#{post.anchor}"
    )

"""No script survives: the Big List of Naughty Strings (503) and our 300+ hand-written XSS
vectors, posted straight to every rich-text and plain-text field of the conversation features
through the real views (no editor in the way), then read back from the database and from the
pages that show them.

Strings are batched per request (a few dozen per post) to keep the suite fast; every string is
also run on its own through the sanitising pipeline and the display filter.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from blogs.models import BlogEntry
from comments.models import Comment
from conversations.models import Report
from forums.models import Post, Topic
from richtext.attachments import attachments_for
from richtext.sanitise import clean_rich_text
from richtext.templatetags.richtext import richtext
from tests.blogs import factories as blog_factories
from tests.forums import factories as forum_factories
from tests.richtext.safety import chunks, naughty_strings, problems, xss_vectors

VECTORS = xss_vectors()
BLNS = naughty_strings()
EVERYTHING = VECTORS + BLNS
BATCH = 30


def test_the_corpus_is_what_the_issue_asks_for():
    assert len(VECTORS) >= 200
    assert len(BLNS) == 503


@pytest.mark.parametrize("source", ["xss", "blns"])
def test_every_string_on_its_own_is_clean_when_stored_and_when_shown(source):
    strings = VECTORS if source == "xss" else BLNS
    failures = {}
    for value in strings:
        stored = clean_rich_text(value)
        found = problems(stored) + problems(str(richtext(stored)), strict=False)
        if found:
            failures[value] = found
    assert not failures, failures


def _join_body(batch):
    return "\n\n".join(batch)


def _join_title(batch):
    """As many strings as fit in a 200-character title."""
    title = " | ".join(batch)
    return title[:200] or "x"


def _assert_page_safe(response):
    """Scan what the page shows in <main> (the header and navigation are the site's own), and
    check that the <title> shows any markup as text."""
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index('<main id="main"') : page.index("</main>")]
    found = problems(main, strict=False)
    assert not found, found
    title = page[page.index("<title>") + 7 : page.index("</title>")]
    assert "<" not in title, title


def _posted(response):
    """The form either saved (redirect) or refused with a message and the input kept (200)."""
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert b"There is a problem" in response.content
    return response.status_code == 302


@pytest.mark.django_db
def test_forum_titles_and_bodies(client, community, alice, bob, facilitator):
    client.force_login(alice)
    new_url = reverse("forums:topic_new", kwargs={"slug": community.slug})
    saved = 0
    for batch in chunks(EVERYTHING, BATCH):
        response = client.post(
            new_url,
            {"title": _join_title(batch), "kind": "discussion", "body": _join_body(batch)},
        )
        if _posted(response):
            saved += 1
            _assert_page_safe(client.get(response["Location"]))
        else:
            _assert_page_safe(response)
    assert saved >= len(chunks(EVERYTHING, BATCH)) - 2
    for post in Post.objects.all():
        assert not problems(post.body), post.body
    # Plain-text titles are stored as typed and escaped on the way out.
    topic = Topic.objects.filter(title__contains="<script").first()
    assert topic is not None
    page = client.get(reverse("forums:index", kwargs={"slug": community.slug}) + "?per_page=50")
    _assert_page_safe(page)
    assert escape(topic.title).encode() in page.content


@pytest.mark.django_db
def test_forum_replies_and_edits(client, community, alice, bob):
    topic = forum_factories.topic(community, alice)
    client.force_login(bob)
    reply_url = reverse("forums:reply", kwargs={"slug": community.slug, "pk": topic.pk})
    for batch in chunks(EVERYTHING, BATCH):
        _posted(client.post(reply_url, {"body": _join_body(batch)}))
    reply = Post.objects.filter(topic=topic, is_opening=False).first()
    parent_url = reverse("forums:post_reply", kwargs={"slug": community.slug, "pk": reply.pk})
    edit_url = reverse("forums:post_edit", kwargs={"slug": community.slug, "pk": reply.pk})
    for batch in chunks(VECTORS, BATCH * 2):
        _posted(client.post(parent_url, {"body": _join_body(batch)}))
        base = Post.objects.get(pk=reply.pk).edit_version
        assert _posted(client.post(edit_url, {"body": _join_body(batch), "base_version": base}))
    for post in Post.objects.filter(topic=topic):
        assert not problems(post.body), post.body
    thread = client.get(topic.get_absolute_url())
    _assert_page_safe(thread)
    for page in range(2, thread.context["page_obj"].paginator.num_pages + 1):
        _assert_page_safe(client.get(f"{topic.get_absolute_url()}?page={page}"))


@pytest.mark.django_db
def test_blog_titles_bodies_and_comments(client, community, alice, bob):
    client.force_login(alice)
    for batch in chunks(EVERYTHING, BATCH):
        response = client.post(
            reverse("blogs:entry_new"),
            {"title": _join_title(batch), "body": _join_body(batch), "communities": [community.pk]},
        )
        if _posted(response):
            _assert_page_safe(client.get(response["Location"]))
    for entry in BlogEntry.objects.all():
        assert not problems(entry.body), entry.body
    _assert_page_safe(client.get(reverse("blogs:user", kwargs={"username": "alice"})))
    _assert_page_safe(client.get(reverse("blogs:community", kwargs={"slug": community.slug})))

    entry = blog_factories.entry(alice, communities=[community])
    client.force_login(bob)
    add_url = reverse("comments:add", kwargs={"kind": "blogentry", "pk": entry.pk})
    for batch in chunks(EVERYTHING, BATCH):
        _posted(client.post(add_url, {"body": _join_body(batch)}))
    assert Comment.objects.count() >= len(chunks(EVERYTHING, BATCH)) - 2
    for comment in Comment.objects.all():
        assert not problems(comment.body), comment.body
    _assert_page_safe(client.get(entry.get_absolute_url()))


@pytest.mark.django_db
def test_report_reasons_reach_the_queue_escaped(client, community, alice, bob, facilitator):
    topic = forum_factories.topic(community, alice)
    client.force_login(bob)
    report_url = reverse(
        "conversations:report", kwargs={"kind": "post", "pk": topic.opening_post.pk}
    )
    for batch in chunks(VECTORS, BATCH):
        _posted(client.post(report_url, {"reason": _join_body(batch)}))
        Report.objects.update(state=Report.State.DISMISSED)  # one open report per member at a time
    assert Report.objects.count() >= len(chunks(VECTORS, BATCH)) - 1
    client.force_login(facilitator)
    queue = client.get(
        reverse("conversations:queue", kwargs={"slug": community.slug}) + "?show=all"
    )
    _assert_page_safe(queue)


@pytest.mark.django_db
def test_attachment_names_are_escaped_and_never_served_inline(client, community, alice, bob):
    client.force_login(alice)
    # Names a browser can send in a multipart header (no quotes, slashes or semicolons).
    names = [v for v in VECTORS if not set(v) & set("/\\\"';\n")][:40]
    uploads = [SimpleUploadedFile(f"{name[:150]}.pdf", b"%PDF-1.4 test") for name in names[:10]]
    response = client.post(
        reverse("forums:topic_new", kwargs={"slug": community.slug}),
        {"title": "Files", "kind": "discussion", "body": "See attached", "files": uploads},
    )
    assert response.status_code == 302, response.context["form"].errors
    topic = Topic.objects.get(title="Files")
    _assert_page_safe(client.get(topic.get_absolute_url()))
    for attachment in attachments_for([topic.opening_post])[topic.opening_post.pk]:
        served = client.get(attachment.get_absolute_url())
        assert served["Content-Disposition"].startswith("attachment;")
        assert served["X-Content-Type-Options"] == "nosniff"
        assert "<" not in served["Content-Disposition"]

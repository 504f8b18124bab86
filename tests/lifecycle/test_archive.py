"""The community archive: a zip of static HTML, readable offline, with only what the
community's members can see there, built by a task with progress and a link by email."""

import io
import re
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from communities.models import Community
from core import features as feature_registry
from lifecycle import archive, services
from lifecycle.models import ArchiveBuild
from tests.lifecycle import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db


def built(world, user=None):
    """Build the world's archive (as its member) and return {name: text} of the zip."""
    community = world.community
    build = ArchiveBuild.objects.create(
        community=community, requested_by=user or world.users["member"]
    )
    archive.build(build.pk)
    build.refresh_from_db()
    assert build.status == ArchiveBuild.Status.READY
    with build.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zf:
        return {name: zf.read(name).decode("utf-8", errors="replace") for name in zf.namelist()}


def test_the_archive_holds_every_feature_and_the_lessons(canaries):
    world = build_world("life_public", canaries)
    files = built(world)
    root = world.community.slug
    index = files[f"{root}/index.html"]
    for label in ("Forum", "Wiki", "Documents", "Events", "Polls", "Blog entries"):
        assert label in index
    assert "Lessons learned" in index and "Monthly calls" in files[f"{root}/lessons-learned.html"]
    text = "\n".join(files.values())
    assert "Where do we go now?" in text and "Nested reply" in text  # a thread, with replies
    assert "Final text of the handbook" in text  # the wiki page's final text
    assert "CoP experiences - your feedback needed" in text  # a blog entry published there
    assert "Panel practice workshop" in text and "Taunton" in text  # an event
    assert "Which topic next?" in text  # a poll
    assert f"{root}/documents/files/1-site-guide.pdf" in files  # the file, next to its index
    assert 'href="files/1-site-guide.pdf"' in text


def test_removed_and_draft_content_stays_out(canaries):
    world = build_world("life_public", canaries)
    text = "\n".join(built(world).values())
    assert "Regretted reply" not in text and "Deleted topic" not in text


def test_every_page_opens_offline_with_relative_links_and_no_requests(canaries):
    world = build_world("life_public", canaries)
    for name, html in built(world).items():
        if not name.endswith(".html"):
            continue
        assert "<style>" in html and "<script" not in html.lower(), name
        assert not re.search(r"<(img|iframe|link|video|audio|source)\b", html, re.I), name
        assert not re.search(r'\b(src|href)="(/|https?://)(?!www\.example)', html), name


def test_offline_html_drops_anything_that_loads():
    html = (
        '<p>Hi <img src="https://x.example/a.png" alt="a chart"></p>'
        '<iframe src="https://player.example/v"></iframe><a href="https://ok.example">link</a>'
    )
    assert archive.offline_html(html) == (
        '<p>Hi [a chart]</p><a href="https://ok.example">link</a>'
    )


def test_a_switched_off_feature_is_not_in_the_archive(canaries):
    world = build_world("life_nofeatures", canaries)
    files = built(world)
    text = "\n".join(files.values())
    assert not any("/forum/" in name or "/wiki/" in name for name in files)
    assert "Where do we go now?" not in text and "Final text of the handbook" not in text
    assert "Panel practice workshop" in text


def test_a_private_communitys_canaries_are_in_its_own_archive_only(canaries):
    private = build_world("life_private", canaries)
    public = build_world("life_public", canaries)
    tokens = [canary.token for canary in canaries.canaries]
    assert tokens
    own = "\n".join(built(private).values())
    assert any(token in own for token in tokens)
    other = "\n".join(built(public).values())
    assert not any(token in other for token in tokens)


def test_a_sub_community_is_not_in_its_parents_archive(canaries):
    world = build_world("life_sub_private", canaries)
    parent_build = ArchiveBuild.objects.create(
        community=world.parent, requested_by=world.users["member"]
    )
    parent_build = archive.build(parent_build.pk)
    with parent_build.file.open("rb") as handle:
        data = handle.read()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    tokens = [c.token for c in canaries.canaries if world.community.name in c.description]
    assert tokens and not any(token in text for token in tokens)


@override_settings(SITE_URL="https://cop.example.org")
def test_a_member_asks_for_the_archive_sees_progress_and_gets_a_link(
    client, canaries, mailoutbox, django_capture_on_commit_callbacks
):
    world = build_world("life_private", canaries)
    ArchiveBuild.objects.filter(community=world.community).delete()
    community, member = world.community, world.users["member"]
    client.force_login(member)
    page = reverse("lifecycle:archive", kwargs={"slug": community.slug})
    assert "No archive has been built yet" in client.get(page).content.decode()
    services_build = reverse("lifecycle:archive_build", kwargs={"slug": community.slug})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(services_build)
    running = client.get(page).content.decode()
    assert 'http-equiv="refresh"' in running and "Being built" in running
    for callback in callbacks:  # the hand-off to the worker, after the commit
        with django_capture_on_commit_callbacks(execute=True):
            callback()
    ready = client.get(page).content.decode()
    assert "Ready to download" in ready and 'http-equiv="refresh"' not in ready
    (message,) = [m for m in mailoutbox if "archive" in m.subject]
    assert message.to == [member.email]
    assert "https://cop.example.org" + page in message.body
    build = ArchiveBuild.objects.get(community=community, status="ready")
    download = reverse(
        "lifecycle:archive_download", kwargs={"slug": community.slug, "pk": build.pk}
    )
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert zipfile.is_zipfile(io.BytesIO(b"".join(response.streaming_content)))
    client.force_login(world.users["outsider"])
    assert client.get(download).status_code == 403


def test_asking_twice_while_it_builds_gives_the_same_build(canaries):
    world = build_world("life_public", canaries)
    community = world.community
    first = services.archive_request(community=community, by=world.users["member"])
    second = services.archive_request(community=community, by=world.users["facilitator"])
    assert first.pk == second.pk


def test_every_feature_with_content_in_communities_declares_an_archive():
    keys = {f.key for f in feature_registry.features() if f.archive is not None}
    assert {"forum", "wiki", "blogs", "documents", "events", "polls"} <= keys


def test_the_build_reads_a_constant_number_of_queries(canaries, django_assert_max_num_queries):
    world = build_world("life_public", canaries)
    build = ArchiveBuild.objects.create(community=world.community, requested_by=None)
    with django_assert_max_num_queries(40):
        archive.build(build.pk)
    assert Community.objects.filter(pk=world.community.pk).exists()


def test_a_failed_build_is_said_and_can_be_tried_again(canaries, client, monkeypatch):
    from lifecycle import tasks

    world = build_world("life_public", canaries)
    community, member = world.community, world.users["member"]
    ArchiveBuild.objects.filter(community=community).delete()
    build = ArchiveBuild.objects.create(community=community, requested_by=member)

    def broken(build_id):
        raise OSError("disk full")

    monkeypatch.setattr(tasks.archive, "build", broken)
    tasks.build_archive(build.pk)
    build.refresh_from_db()
    assert build.status == ArchiveBuild.Status.FAILED and "disk full" in build.error
    client.force_login(member)
    page = client.get(reverse("lifecycle:archive", kwargs={"slug": community.slug}))
    text = page.content.decode()
    assert "could not be finished" in text and "Build the archive" in text

"""Toolkits: a checklist per stage written by site admins, ticked by facilitators, with progress
on the stage page, the admins' toolkit page and the admin's list of communities."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from communities.models import Community
from lifecycle import selectors, services
from lifecycle.models import TaskTick, ToolkitTask
from tests.accounts.factories import AdminFactory
from tests.lifecycle.factories import add_members, community_with_staff, tick_first

pytestmark = pytest.mark.django_db


def stage_page(client, community):
    return client.get(reverse("communities:stage", kwargs={"slug": community.slug}))


def test_every_stage_starts_with_a_written_checklist():
    for stage, _ in Community.Stage.choices:
        tasks = list(ToolkitTask.objects.for_stage(stage))
        assert len(tasks) >= 4, stage
        assert all(task.title and task.how for task in tasks)
    titles = set(ToolkitTask.objects.values_list("title", flat=True))
    assert {"Agree purpose and ground rules", "Invite founding members"} <= titles
    assert {"Seed the first discussions", "Refresh the wiki", "Review membership"} <= titles
    assert {"Collect lessons learned", "Choose what to keep"} <= titles


def test_a_facilitator_ticks_and_unticks_a_task_and_sees_the_progress(client):
    community, facilitator, _ = community_with_staff(stage=Community.Stage.STARTUP)
    total = ToolkitTask.objects.for_stage("startup").count()
    task = ToolkitTask.objects.for_stage("startup").first()
    client.force_login(facilitator)
    url = reverse("lifecycle:tick", kwargs={"slug": community.slug, "pk": task.pk})
    response = client.post(url, {"done": "1"})
    assert response.status_code == 302
    tick = TaskTick.objects.get(community=community, task=task)
    assert tick.ticked_by == facilitator and tick.ticked_at
    page = stage_page(client, community).content.decode()
    assert f"1 of {total}" in page
    assert f"Ticked by {escape(facilitator.display_name)}" in page
    client.post(url, {"done": "1"})  # a second window: still one tick
    assert TaskTick.objects.filter(community=community).count() == 1
    client.post(url, {"done": "0"})
    assert not TaskTick.objects.filter(community=community).exists()
    assert f"0 of {total}" in stage_page(client, community).content.decode()


def test_a_member_cannot_tick(client):
    community, _, member = community_with_staff(stage=Community.Stage.STARTUP)
    task = ToolkitTask.objects.for_stage("startup").first()
    client.force_login(member)
    url = reverse("lifecycle:tick", kwargs={"slug": community.slug, "pk": task.pk})
    assert client.post(url, {"done": "1"}).status_code == 403
    assert not TaskTick.objects.exists()


def test_a_task_of_another_stage_cannot_be_ticked(client):
    community, facilitator, _ = community_with_staff(stage=Community.Stage.STARTUP)
    other = ToolkitTask.objects.for_stage("sustain").first()
    client.force_login(facilitator)
    url = reverse("lifecycle:tick", kwargs={"slug": community.slug, "pk": other.pk})
    response = client.post(url, {"done": "1"}, follow=True)
    assert "not on the Start-up checklist" in response.content.decode()
    assert not TaskTick.objects.exists()


def test_progress_counts_only_the_present_stage_and_current_tasks():
    community, facilitator, _ = community_with_staff(stage=Community.Stage.SUSTAIN)
    tasks = tick_first(community, facilitator, 3)
    total = ToolkitTask.objects.for_stage("sustain").count()
    assert str(selectors.progress_for(community)) == f"3 of {total}"
    services.task_retire(by=AdminFactory(), task=tasks[0])
    assert str(selectors.progress_for(community)) == f"2 of {total - 1}"
    Community.objects.filter(pk=community.pk).update(stage=Community.Stage.NURTURE)
    community.refresh_from_db()
    assert selectors.progress_for(community).done == 0


def test_site_admins_add_edit_reorder_retire_and_restore_tasks(client):
    admin = AdminFactory()
    client.force_login(admin)
    url = reverse("lifecycle:toolkits")
    response = client.post(url, {"stage": "nurture", "title": "Run a member survey", "how": "Ask."})
    assert response.status_code == 302
    task = ToolkitTask.objects.get(title="Run a member survey")
    assert list(ToolkitTask.objects.for_stage("nurture"))[-1] == task
    edit = reverse("lifecycle:task_edit", kwargs={"pk": task.pk})
    client.post(edit, {"title": "Run a short member survey", "how": "Five questions, once."})
    task.refresh_from_db()
    assert task.title == "Run a short member survey"
    move = reverse("lifecycle:task_move", kwargs={"pk": task.pk})
    client.post(move, {"direction": "up"})
    assert list(ToolkitTask.objects.for_stage("nurture"))[-2] == task
    retire = reverse("lifecycle:task_retire", kwargs={"pk": task.pk})
    client.post(retire, {"retired": "1"})
    assert task not in ToolkitTask.objects.for_stage("nurture")
    client.post(retire, {"retired": "0"})
    assert list(ToolkitTask.objects.for_stage("nurture"))[-1] == task
    page = client.get(url).content.decode()
    assert "Run a short member survey" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"stage": "nurture", "title": "   ", "how": "Ask."}, "Give the task a title."),
        ({"stage": "nurture", "title": "Survey", "how": ""}, "Say in one line how to do it."),
        ({"stage": "autumn", "title": "Survey", "how": "Ask."}, "Select a valid choice"),
        ({"stage": "nurture", "title": "S" * 161, "how": "Ask."}, "at most 160 characters"),
    ],
)
def test_bad_task_input_comes_back_with_the_text_and_a_message(client, data, message):
    client.force_login(AdminFactory())
    response = client.post(reverse("lifecycle:toolkits"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    if data["how"]:
        assert data["how"] in page
    assert not ToolkitTask.objects.filter(how="Ask.").exists()


def test_a_bad_edit_and_a_bad_move_change_nothing(client):
    client.force_login(AdminFactory())
    task = ToolkitTask.objects.for_stage("startup").first()
    edit = reverse("lifecycle:task_edit", kwargs={"pk": task.pk})
    response = client.post(edit, {"title": "", "how": "Kept text"})
    assert response.status_code == 400 and "Kept text" in response.content.decode()
    move = reverse("lifecycle:task_move", kwargs={"pk": task.pk})
    response = client.post(move, {"direction": "sideways"}, follow=True)
    assert "Move a task up or down." in response.content.decode()
    assert ToolkitTask.objects.for_stage("startup").first() == task


def test_only_site_admins_edit_toolkits(client):
    community, facilitator, _ = community_with_staff()
    client.force_login(facilitator)
    assert client.get(reverse("lifecycle:toolkits")).status_code == 403


def test_the_admin_community_list_shows_toolkit_progress(client):
    community, facilitator, _ = community_with_staff(stage=Community.Stage.STARTUP)
    tick_first(community, facilitator, 2)
    total = ToolkitTask.objects.for_stage("startup").count()
    client.force_login(AdminFactory())
    page = client.get(reverse("admin:communities_community_changelist")).content.decode()
    assert "Toolkit" in page and f"2 of {total}" in page


@pytest.mark.parametrize("members", [10, 1000])
def test_the_stage_page_and_toolkit_pages_take_constant_queries(
    client, django_assert_max_num_queries, members
):
    community, facilitator, _ = community_with_staff(stage=Community.Stage.STARTUP)
    add_members(community, members)
    tick_first(community, facilitator, 2)
    client.force_login(facilitator)
    with django_assert_max_num_queries(30):
        assert stage_page(client, community).status_code == 200
    client.force_login(AdminFactory())
    with django_assert_max_num_queries(20):
        assert client.get(reverse("lifecycle:toolkits")).status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:communities_community_changelist"))
        assert response.status_code == 200

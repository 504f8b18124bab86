"""What the endpoints say and do: the same rules and services as the pages, errors as problem
details, and cursor pagination."""

import pytest
from django.urls import reverse

from communities.models import Membership, MembershipRequest
from forums.models import Post
from polls import services as poll_services
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.documents.factories import document
from tests.events.factories import EventFactory
from tests.forums.factories import reply, topic
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def base(community):
    return f"/api/v1/communities/{community.slug}"


def test_a_reply_is_posted_through_the_forum_service_and_sanitised(api, alice, community):
    opened = topic(community, alice)
    response = api.post(
        f"{base(community)}/topics/{opened.pk}/replies",
        {"body": '<p onclick="x()">Hello <script>alert(1)</script><b>all</b></p>'},
    )
    assert response.status_code == 201
    data = response.json()
    assert data["body"] == "<p>Hello <b>all</b></p>"
    post = Post.objects.get(pk=data["id"])
    assert post.body == data["body"] and post.topic_id == opened.pk
    opened.refresh_from_db()
    assert opened.reply_count == 1
    assert data["url"].endswith(post.get_absolute_url())


def test_a_reply_to_a_reply_nests_under_it(api, alice, community):
    opened = topic(community, alice)
    first = reply(opened, alice)
    response = api.post(
        f"{base(community)}/topics/{opened.pk}/replies",
        {"body": "<p>Indeed</p>", "parent_id": first.pk},
    )
    assert response.status_code == 201
    assert response.json()["parent_id"] == first.pk
    elsewhere = topic(community, alice, title="Another")
    other = reply(elsewhere, alice)
    wrong = api.post(
        f"{base(community)}/topics/{opened.pk}/replies", {"body": "<p>x</p>", "parent_id": other.pk}
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["loc"] == "parent_id"


def test_a_blank_body_is_refused_in_the_services_words(api, alice, community):
    opened = topic(community, alice)
    response = api.post(f"{base(community)}/topics/{opened.pk}/replies", {"body": "<p> </p>"})
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "Write your message."


def test_a_locked_topic_refuses_replies_with_the_pages_wording(api, alice, community):
    opened = topic(community, alice)
    opened.is_locked = True
    opened.save(update_fields=["is_locked"])
    response = api.post(f"{base(community)}/topics/{opened.pk}/replies", {"body": "<p>x</p>"})
    assert response.status_code == 403
    assert "locked" in response.json()["detail"]


def test_a_topic_is_started(api, community):
    response = api.post(
        f"{base(community)}/topics", {"title": "  Tools   we use ", "body": "<p>Which?</p>"}
    )
    assert response.status_code == 201
    assert response.json()["title"] == "Tools we use"
    assert response.json()["body"] == "<p>Which?</p>"


def test_joining_a_public_community_and_leaving_it(make_api, community):
    bob = UserFactory()
    api = make_api(bob)
    joined = api.post(f"{base(community)}/join")
    assert joined.status_code == 200 and joined.json()["state"] == "member"
    assert Membership.objects.filter(user=bob, community=community).exists()
    left = api.post(f"{base(community)}/leave")
    assert left.status_code == 200 and left.json()["state"] == "left"
    assert not Membership.objects.filter(user=bob, community=community).exists()
    again = api.post(f"{base(community)}/leave")
    assert again.status_code == 403


def test_joining_a_private_community_sends_a_request_with_the_reason(make_api):
    private = CommunityFactory(private=True)
    MembershipFactory(community=private, facilitator=True)
    bob = UserFactory()
    api = make_api(bob)
    missing = api.post(f"{base(private)}/join", {})
    assert missing.status_code == 422
    assert missing.json()["detail"] == "Tell the facilitators why you want to join."
    asked = api.post(f"{base(private)}/join", {"reason": "I run a panel."})
    assert asked.status_code == 200 and asked.json()["state"] == "requested"
    request = MembershipRequest.objects.get(user=bob, community=private)
    assert request.reason == "I run a panel." and request.is_pending
    assert not Membership.objects.filter(user=bob, community=private).exists()
    detail = api.get(base(private)).json()
    assert detail["requested"] is True and detail["content_visible"] is False
    assert detail["domain"] is None


def test_the_last_facilitator_cannot_leave(make_api, community):
    grace = UserFactory()
    MembershipFactory(user=grace, community=community, facilitator=True)
    response = make_api(grace).post(f"{base(community)}/leave")
    assert response.status_code == 422
    assert Membership.objects.filter(user=grace, community=community).exists()


def test_a_closed_down_community_refuses_posts(make_api):
    closed = CommunityFactory(archived=True)
    bob = UserFactory()
    MembershipFactory(user=bob, community=closed)
    response = make_api(bob).post(f"{base(closed)}/topics", {"title": "x", "body": "<p>x</p>"})
    assert response.status_code == 403
    assert "read-only archive" in response.json()["detail"]


def test_hidden_things_are_not_found(api, make_api):
    private = CommunityFactory(private=True)
    sub = CommunityFactory(private=True, parent=private)
    for path in (
        "/api/v1/communities/no-such-community",
        f"{base(sub)}",
        f"{base(sub)}/topics",
        f"{base(private)}/topics/999999",
    ):
        response = api.get(path)
        assert response.status_code in (403, 404), path
    assert api.get(f"{base(sub)}/topics").status_code == 404
    listed = api.get(f"{base(private)}/topics")
    assert listed.status_code == 403 and listed["Content-Type"] == PROBLEM
    assert "Only members" in listed.json()["detail"]


def test_a_switched_off_feature_is_not_found(api, community):
    community.features = [key for key in community.features if key != "forum"]
    community.save(update_fields=["features"])
    response = api.get(f"{base(community)}/topics")
    assert response.status_code == 404 and response.json()["status"] == 404


def test_members_are_listed_by_name_and_role_only(api, alice, community):
    response = api.get(f"{base(community)}/members")
    assert response.status_code == 200
    (row,) = response.json()["items"]
    assert set(row) == {"name", "role", "joined"}
    assert alice.email not in response.content.decode()


def test_poll_results_are_hidden_until_the_page_would_show_them(make_api, alice, community):
    poll = PollFactory(community=community, results_visibility="after_vote")
    api = make_api(alice)
    path = f"{base(community)}/polls/{poll.pk}"
    before = api.get(path).json()
    assert before["results_visible"] is False and before["voter_count"] is None
    assert {c["votes"] for c in before["choices"]} == {None}
    poll_services.vote(poll=poll, user=alice, choice_ids=[poll.choices.first().pk])
    after = api.get(path).json()
    assert after["results_visible"] is True and after["voter_count"] == 1
    listed = api.get(f"{base(community)}/polls").json()["items"][0]
    assert listed["has_voted"] is True


def test_bad_json_and_wrong_types_are_clear_problems(api, client, alice, community):
    opened = topic(community, alice)
    path = f"{base(community)}/topics/{opened.pk}/replies"
    bad = client.post(path, "{not json", content_type="application/json", **api.headers)
    assert bad.status_code == 400 and bad["Content-Type"] == PROBLEM
    assert bad.json()["type"].endswith("/bad-json")
    wrong = api.post(path, {"body": 3, "parent_id": "first"})
    assert wrong.status_code == 422
    locations = {error["loc"] for error in wrong.json()["errors"]}
    assert locations == {"body", "parent_id"}
    missing = api.post(f"{base(community)}/topics", {"body": "<p>x</p>"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["loc"] == "title"
    form = client.post(path, {"body": "x"}, **api.headers)
    assert form.status_code in (400, 415) and form["Content-Type"] == PROBLEM


def test_oversized_bodies_are_refused_before_they_are_read(api, alice, community, settings):
    settings.API_MAX_BODY_BYTES = 1000
    opened = topic(community, alice)
    response = api.post(
        f"{base(community)}/topics/{opened.pk}/replies", {"body": "<p>" + "x" * 2000 + "</p>"}
    )
    assert response.status_code == 413 and response["Content-Type"] == PROBLEM
    assert opened.posts.count() == 1


def test_wrong_method_is_405(api, community):
    response = api.client.delete(f"{base(community)}/topics", **api.headers)
    assert response.status_code == 405 and response["Content-Type"] == PROBLEM
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_cursor_pagination_walks_every_row_once_in_a_stable_order(api, alice, community):
    opened = topic(community, alice)
    for n in range(7):
        reply(opened, alice, body=f"<p>Reply {n}</p>")
    path = f"{base(community)}/topics/{opened.pk}/replies"
    seen, url, pages = [], path + "?limit=3", 0
    while url:
        data = api.client.get(url, **api.headers).json()
        seen += [item["body"] for item in data["items"]]
        url = data["next"]
        pages += 1
    assert pages == 3
    assert seen == [f"<p>Reply {n}</p>" for n in range(7)]


def test_a_cursor_only_works_where_it_was_given(api, alice, community):
    opened = topic(community, alice)
    for _ in range(3):
        reply(opened, alice)
    first = api.get(f"{base(community)}/topics/{opened.pk}/replies", limit=1).json()
    cursor = first["next"].split("cursor=")[1]
    elsewhere = api.get("/api/v1/notifications", cursor=cursor)
    assert elsewhere.status_code == 400 and elsewhere.json()["type"].endswith("/bad-cursor")
    edited = api.get(f"{base(community)}/topics/{opened.pk}/replies", cursor=cursor[:-2] + "xx")
    assert edited.status_code == 400
    too_many = api.get("/api/v1/communities", limit=1000)
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["loc"] == "limit"


def test_search_uses_the_search_pages_form(api, alice, community):
    response = api.get("/api/v1/search", q="x", date_from="yesterday")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == "date_from"
    unknown = api.get("/api/v1/search", q="x", community="no-such-place")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["loc"] == "community"


def test_the_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/communities/{slug}/topics/{topic_id}/replies" in schema["paths"]
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/api/docs.js" in html
    assert "cdn" not in html.lower()


def test_an_unknown_api_address_is_a_404_problem(api):
    for path in ("/api/v1/nothing-here", "/api/v2/communities", "/api/v1/communities/"):
        response = api.client.get(path, **api.headers)
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM, path


def test_the_activity_stream_pages_by_cursor(api, alice, community):
    for n in range(3):
        topic(community, alice, title=f"Topic {n}")
    first = api.get("/api/v1/activity", limit=2).json()
    assert len(first["items"]) == 2 and first["next"]
    rest = api.client.get(first["next"], **api.headers).json()
    titles = [item["title"] for item in first["items"] + rest["items"]]
    assert titles == ["Topic 2", "Topic 1", "Topic 0"]


def test_an_events_ical_link_and_a_documents_file_work_with_the_token(api, alice, community):
    event = EventFactory(community=community, title="Panel day")
    data = api.get(f"{base(community)}/events/{event.pk}").json()
    ical = api.client.get(data["ical_url"], **api.headers)
    assert ical.status_code == 200 and ical["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Panel day" in ical.content
    doc = document(community, alice, title="Checklist")
    details = api.get(f"{base(community)}/documents/{doc.pk}").json()
    assert details["file_name"] == "Site guide - wikis.pdf"
    download = api.client.get(details["download_url"], **api.headers)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")

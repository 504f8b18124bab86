"""The REST API from a member's side, in a real browser (Debian Chromium, the site's real CSP).

Alice opens "Access tokens" from her profile, makes a read-and-write token and sees it once. A
script of hers (plain `requests`, no cookies) uses it to list her communities and to post a reply,
which she then reads in the thread. She revokes the token, and the script's next call is a 401.
The browsable API documentation loads from our own static files under the CSP. axe checks the
tokens page (empty, with the new token shown, after revoking) and the documentation page.
"""

import re

import requests
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_accessible
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.forums.factories import topic

REPLY = "Our checklist is on the shared drive."


def test_a_member_makes_uses_and_revokes_a_token(new_context, sign_in, live_server):
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    alice = UserFactory(name="Alice Adams", username="alice")
    MembershipFactory(user=alice, community=community)
    CommunityFactory(name="Somewhere Else")
    thread = topic(community, alice, title="Panel paperwork")

    page = new_context().new_page()
    sign_in(page, alice)
    page.goto("/profile/")
    page.get_by_role("link", name="Access tokens for the API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access tokens")
    expect(page.get_by_text("You have no tokens yet.")).to_be_visible()
    assert_accessible(page, label="access tokens, none yet")

    # Bad input is explained and what she typed is kept.
    page.get_by_label("Name").fill("   ")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")

    page.get_by_label("Name").fill("Panel report script")
    page.get_by_role("radio", name=re.compile("Read and write")).check()
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("Copy it now: it is shown only this once.")).to_be_visible()
    secret = page.get_by_role("textbox", name="Token").input_value()
    assert secret.startswith("cop_")
    assert_accessible(page, label="access tokens, new token shown")
    page.set_viewport_size({"width": 320, "height": 800})  # a phone: nothing wider than it
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    # Shown once: the page again lists the token by name and prefix only.
    page.goto("/profile/tokens/")
    expect(page.get_by_role("row", name=re.compile("Panel report script"))).to_contain_text(
        "Read and write"
    )
    assert secret not in page.content()

    # Her script, with no cookies: the token alone.
    api = f"{live_server.url}/api/v1"
    headers = {"Authorization": f"Bearer {secret}"}
    mine = requests.get(f"{api}/communities", params={"mine": "true"}, headers=headers, timeout=10)
    assert mine.status_code == 200
    assert [c["name"] for c in mine.json()["items"]] == ["Adoption Policy CoP"]
    posted = requests.post(
        f"{api}/communities/{community.slug}/topics/{thread.pk}/replies",
        json={"body": f"<p>{REPLY}</p>"},
        headers=headers,
        timeout=10,
    )
    assert posted.status_code == 201, posted.text
    reply_url = posted.json()["url"]

    page.goto(reply_url)
    expect(page.get_by_text(REPLY)).to_be_visible()

    # The tokens page now says when it was last used; she revokes it.
    page.goto("/profile/tokens/")
    row = page.get_by_role("row", name=re.compile("Panel report script"))
    expect(row).not_to_contain_text("Never")
    row.get_by_role("button", name=re.compile("Revoke")).click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Panel report script"))).to_contain_text(
        "Revoked"
    )
    assert_accessible(page, label="access tokens, revoked")

    refused = requests.get(f"{api}/communities", headers=headers, timeout=10)
    assert refused.status_code == 401
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 401


def test_the_api_documentation_loads_under_the_sites_csp(new_context, sign_in):
    alice = UserFactory(name="Alice Adams")
    page = new_context().new_page()
    sign_in(page, alice)
    page.goto("/api/v1/docs")
    # Swagger UI has read the schema and drawn the endpoints, under the page's one title.
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("API documentation")
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_contain_text("/api/v1/")
    assert page.locator(".swagger-ui .opblock").count() >= 25
    assert_accessible(page, label="API documentation")

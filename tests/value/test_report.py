"""The sponsor report: a community's figures for a period, printable and as CSV; and the same
for every community, for site admins."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from communities.services import stage_change
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory, attend
from tests.forums.factories import reply, topic
from tests.value.factories import shareable, story
from tests.wikis.factories import page

pytestmark = pytest.mark.django_db


def report_url(community, query=""):
    url = reverse("value:report", kwargs={"slug": community.slug})
    return f"{url}?{query}" if query else url


@pytest.fixture
def lively(community, facilitator, alice, bob):
    """A month of life: a topic and reply, an event held with two attendees, three stories (one
    shareable), savings in hours, days and pounds."""
    t = topic(community, bob, title="Panel templates")
    answer = reply(t, bob, body="<p>Ours attached.</p>")
    held = EventFactory(
        community=community,
        created_by=bob,
        title="Quarterly meet-up",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    attend(held, alice)
    attend(held, facilitator)
    EventFactory(community=community, created_by=bob, title="Next meet-up")  # not held yet
    shareable(story(answer, alice, helped_with="Halved our panel paperwork.", amount="6",
                    unit="hours"), by=facilitator)  # fmt: skip
    story(page(community, bob), alice, helped_with="A private note.", amount="2", unit="days")
    story(held, facilitator, helped_with="", amount="120",
          unit="pounds")  # fmt: skip
    return community


def test_the_facilitator_reads_the_sponsor_report_for_a_period(client, lively, facilitator):
    client.force_login(facilitator)
    response = client.get(report_url(lively))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sponsor report: Social Media and Online Collaboration" in html
    assert "Quarterly meet-up" in html and "Next meet-up" not in html
    assert "<strong>1</strong> event held, <strong>2</strong> attendees" in html
    assert "Halved our panel paperwork." in html  # shareable
    assert "A private note." not in html  # not shareable: counted, never quoted
    assert "<strong>3</strong> times a member said" in html
    # Each unit on its own line: never 6 hours + 2 days + £120 added up.
    assert '<th scope="row">Hours</th><td>6</td>' in html
    assert '<th scope="row">Days</th><td>2</td>' in html
    assert '<th scope="row">Pounds (£)</th><td>£120</td>' in html
    assert "<svg" in html and 'role="img"' in html  # charts as SVG, with tables beside
    assert "value/report.css" in html  # the print stylesheet
    # Health figures (facilitation.health) beside the period before.
    assert "Time to first reply (median)" in html and "Period before" in html
    assert '<th scope="row">Topics started</th><td>1</td><td>0</td>' in html
    assert "Stage history" in html or "nurture" in html.lower()


def test_the_report_for_a_period_before_anything_happened_is_empty(client, lively, facilitator):
    client.force_login(facilitator)
    html = client.get(report_url(lively, "start=2020-01-01&end=2020-03-31")).content.decode()
    assert "1 January 2020 to 31 March 2020" in html
    assert "<strong>0</strong> events held" in html
    assert "Halved our panel paperwork." not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-02-01&end=2026-01-01", "The last day must be on or after the first day."),
        ("start=1999-01-01&end=2000-02-01", "Choose a date from 1 January 2000 onwards."),
        ("start=2000-01-01&end=2020-01-01", "Choose a period of at most five years."),
        ("start=not-a-date", "Enter a valid date."),
        ("end=2999-01-01", "The period cannot end in the future."),
    ],
)
def test_bad_dates_are_explained_and_the_last_90_days_shown(
    client, community, facilitator, query, message
):
    client.force_login(facilitator)
    response = client.get(report_url(community, query))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "Showing the last 90 days instead." in html


def test_the_csv_holds_the_figures_and_no_story_words(client, lively, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("value:report_csv", kwargs={"slug": lively.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    figures = {(section, figure): value for section, figure, value in rows[1:]}
    assert figures[("Health", "Topics started")] == "1"
    assert figures[("Period", "To (inclusive)")] == str(timezone.localdate())
    assert figures[("Events", "Events held")] == "1"
    assert figures[("Events", "Attendees")] == "2"
    assert figures[("Stories", "Shareable stories")] == "1"
    assert figures[("Saved", "Total hours saved")] == "6"
    assert figures[("Saved", "Total pounds saved")] == "120"
    assert "Halved our panel paperwork." not in response.content.decode()


def test_members_are_refused_the_report(client, lively, alice, outsider):
    for person in (alice, outsider):
        client.force_login(person)
        assert client.get(report_url(lively)).status_code == 403
        csv_url = reverse("value:report_csv", kwargs={"slug": lively.slug})
        assert client.get(csv_url).status_code == 403


def test_stage_history_is_in_the_report(client, community, facilitator):
    stage_change(community=community, by=facilitator, to_stage=Community.Stage.SUSTAIN,
                 note="Steady membership.")  # fmt: skip
    client.force_login(facilitator)
    html = client.get(report_url(community)).content.decode()
    assert "Steady membership." in html and "sustain" in html.lower()


def test_site_admins_see_every_community_sortable_by_any_column(
    client, lively, site_admin, facilitator
):
    quiet = CommunityFactory(name="Aardvark Officers")
    member_of(quiet)
    client.force_login(site_admin)
    url = reverse("value:site_report")
    html = client.get(url).content.decode()
    assert html.index("Aardvark Officers") < html.index("Social Media and Online Collaboration")
    html = client.get(url + "?sort=-stories").content.decode()
    assert html.index("Social Media and Online Collaboration") < html.index("Aardvark Officers")
    assert 'aria-sort="descending"' in html
    assert "Halved our panel paperwork." in html
    html = client.get(url + "?sort=no-such-column").content.decode()
    assert html.index("Aardvark Officers") < html.index("Social Media and Online Collaboration")
    response = client.get(reverse("value:site_report_csv") + "?sort=-stories")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Community" and rows[1][0] == "Social Media and Online Collaboration"
    client.force_login(facilitator)
    assert client.get(url).status_code == 403
    assert client.get(reverse("value:site_report_csv")).status_code == 403


def test_csv_cells_that_look_like_formulas_are_written_as_text(client, site_admin):
    CommunityFactory(name='=HYPERLINK("http://evil")', slug="formula")
    client.force_login(site_admin)
    text = client.get(reverse("value:site_report_csv")).content.decode()
    assert "'=HYPERLINK" in text


def test_the_stage_toolkits_progress_is_in_the_report_and_the_site_report(
    client, community, facilitator, site_admin
):
    from lifecycle.models import ToolkitTask
    from lifecycle.services import task_tick

    ToolkitTask.objects.filter(stage=Community.Stage.NURTURE).delete()
    done = ToolkitTask.objects.create(stage=Community.Stage.NURTURE, title="Welcome newcomers",
                                      how="Say hello.", position=1)  # fmt: skip
    ToolkitTask.objects.create(stage=Community.Stage.NURTURE, title="Refresh the wiki",
                               how="Read it through.", position=2)  # fmt: skip
    task_tick(community=community, by=facilitator, task=done)
    client.force_login(facilitator)
    html = client.get(report_url(community)).content.decode()
    assert "toolkit: 1 of 2 tasks done" in html
    assert '<th scope="row">Welcome newcomers</th><td>Yes,' in html
    assert '<th scope="row">Refresh the wiki</th><td>Not yet</td>' in html
    client.force_login(site_admin)
    html = client.get(reverse("value:site_report") + "?sort=-toolkit").content.decode()
    assert "<td>1 of 2</td>" in html
    text = client.get(reverse("value:site_report_csv")).content.decode()
    assert "1 of 2" in text


def test_the_period_form_shows_the_default_dates(client, community, facilitator):
    client.force_login(facilitator)
    html = client.get(report_url(community)).content.decode()
    today = timezone.localdate()
    assert f'value="{today:%Y-%m-%d}"' in html
    assert f'value="{today - timedelta(days=89):%Y-%m-%d}"' in html

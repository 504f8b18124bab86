import pytest
from django.core.exceptions import PermissionDenied

from activity.models import Activity, Verb
from communities.models import Community
from core.errors import Invalid
from search.models import SearchDocument
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.search.helpers import committed
from tests.wikis.factories import edit, page
from wikis import services
from wikis.models import Revision, WikiPage
from wikis.services import EditConflict


def test_creating_a_page_saves_revision_one_with_its_author_and_reason(community, dave):
    created = page(
        community,
        dave,
        title="Useful links",
        body="<p>Our favourite tools.</p>",
        reason="Started a list",
    )
    revision = created.current_revision
    assert (created.version, revision.number, revision.author, revision.reason) == (
        1,
        1,
        dave,
        "Started a list",
    )
    assert created.slug == "useful-links"
    assert Activity.objects.filter(verb=Verb.WIKI_CREATED, target_id=created.pk).exists()


def test_every_save_is_a_new_revision_and_the_old_text_is_kept(agenda, steve):
    edit(agenda, steve, body="<p>Lunch at one.</p>", reason="Added lunch")
    agenda.refresh_from_db()
    assert agenda.version == 2
    assert list(agenda.revisions.values_list("number", "reason", "author__name")) == [
        (2, "Added lunch", "Steve Dale"),
        (1, "First draft of the agenda", "Dave Briggs"),
    ]
    assert "Welcome and Introductions" in agenda.revisions.get(number=1).body
    assert Activity.objects.filter(verb=Verb.WIKI_EDITED, actor=steve, excerpt="Added lunch")


def test_a_reason_for_update_is_required_for_an_edit(agenda, steve):
    with pytest.raises(Invalid, match="why you updated"):
        edit(agenda, steve, body="<p>Changed.</p>", reason="   ")
    assert agenda.revisions.count() == 1


def test_saving_without_changing_anything_is_refused(agenda, dave):
    with pytest.raises(Invalid, match="not changed anything"):
        edit(agenda, dave, body=agenda.current_revision.body, reason="No change")


def test_a_stale_edit_is_refused_with_the_page_as_it_is_now(agenda, steve, grace):
    edit(agenda, grace, body="<p>Grace's agenda.</p>", reason="Grace's edit")
    with pytest.raises(EditConflict) as conflict:
        edit(agenda, steve, body="<p>Steve's agenda.</p>", reason="Steve's edit", base_version=1)
    assert conflict.value.page.version == 2
    assert "Grace Hopkins saved a new version" in str(conflict.value)
    assert WikiPage.objects.get(pk=agenda.pk).current_revision.body == "<p>Grace's agenda.</p>"
    assert Revision.objects.filter(page=agenda).count() == 2


def test_body_is_sanitised_on_the_way_in(community, dave):
    created = page(
        community,
        dave,
        title="Links",
        body='<p onclick="steal()">Hi<script>alert(1)</script><a href="javascript:x">x</a></p>',
    )
    body = created.current_revision.body
    assert "script" not in body and "onclick" not in body and "javascript" not in body


def test_titles_are_unique_in_a_wiki_whatever_the_case(agenda, community, steve):
    with pytest.raises(Invalid, match="already has a page"):
        page(community, steve, title="social media big day out")
    other_wiki = CommunityFactory()
    member_of(other_wiki, steve)
    assert page(other_wiki, steve, title="Social Media Big Day Out").slug == agenda.slug


def test_a_page_called_new_does_not_take_the_new_page_address(community, dave):
    assert page(community, dave, title="New").slug == "new-2"


def test_up_to_five_related_entries_from_the_same_wiki(agenda, community, dave):
    others = [page(community, dave, title=f"Page {n}") for n in range(6)]
    edit(agenda, dave, body="<p>See also.</p>", related=others[:5])
    assert set(agenda.related.all()) == set(others[:5])
    with pytest.raises(Invalid, match="at most 5"):
        edit(agenda, dave, body="<p>Too many.</p>", related=others)
    elsewhere = CommunityFactory()
    member_of(elsewhere, dave)
    foreign = page(elsewhere, dave, title="Somewhere else")
    with pytest.raises(Invalid, match="same wiki"):
        edit(agenda, dave, body="<p>Foreign.</p>", related=[foreign])


def test_revert_is_a_new_revision_with_the_old_text(agenda, steve):
    original = agenda.current_revision.body
    edit(agenda, steve, body="<p>Vandalised.</p>", reason="Oops")
    agenda.refresh_from_db()
    with committed():
        revision = services.page_revert(
            page=agenda, by=steve, revision=agenda.revisions.get(number=1), base_version=2
        )
    assert (revision.number, revision.reason, revision.reverted_to) == (
        3,
        "Reverted to revision 1",
        1,
    )
    assert revision.body == original


def test_only_members_edit_and_nobody_edits_an_archive(agenda, community, dave):
    outsider = UserFactory()
    with pytest.raises(PermissionDenied, match="Only members"):
        edit(agenda, outsider, body="<p>Hi.</p>")
    Community.objects.filter(pk=community.pk).update(stage=Community.Stage.CLOSEDOWN)
    agenda.community.refresh_from_db()
    with pytest.raises(PermissionDenied, match="read-only"):
        edit(agenda, dave, body="<p>Hi.</p>")


def test_pages_are_indexed_after_commit_and_deleted_pages_leave_the_index(agenda, grace):
    row = SearchDocument.objects.get(kind="wiki", object_id=agenda.pk)
    assert "Welcome and Introductions" in row.body and row.title == agenda.title
    edit(agenda, grace, body="<p>Completely new programme.</p>")
    assert "new programme" in SearchDocument.objects.get(object_id=agenda.pk, kind="wiki").body
    services.page_delete(page=agenda, by=grace)
    assert not SearchDocument.objects.filter(kind="wiki", object_id=agenda.pk).exists()


def test_only_facilitators_delete_pages(agenda, dave):
    with pytest.raises(PermissionDenied):
        services.page_delete(page=agenda, by=dave)

"""The people finder: find members by name, organisation, expertise, interest,
service area and region, in any combination; and "People like me"."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from profiles import services
from profiles.finder import MAX_RESULTS, PAGE_SIZE, CappedPaginator, Criteria, search
from profiles.models import Contact, Profile, Region, ServiceArea
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.profiles.factories import ProfileFactory, give_photo, person
from tests.profiles.test_forms import profile_data

pytestmark = pytest.mark.django_db

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans of PostgreSQL's indexes; `make test` runs it on PostgreSQL",
)


@pytest.fixture
def me(client):
    user = person(
        "Mina Searcher",
        organisation="Somerset Council",
        region=Region.SOUTH_WEST,
        expertise=["life story work"],
        interests=["procurement"],
    )
    client.force_login(user)
    return user


@pytest.fixture
def directory():
    """A small directory of people with different details."""
    return {
        "priya": person(
            "Priya Shah",
            job_title="Head of Knowledge Management",
            organisation="Birmingham City Council",
            region=Region.WEST_MIDLANDS,
            expertise=["knowledge management", "adoption policy"],
            interests=["social media"],
            service_areas=["Children's services"],
        ),
        "tom": person(
            "Tom Evans",
            job_title="Procurement Lead",
            organisation="Cardiff and Vale University Health Board",
            region=Region.WALES,
            expertise=["procurement", "social value"],
            interests=["adoption policy"],
            service_areas=["Procurement", "Health"],
        ),
        "owen": person(
            "Owen Hughes",
            organisation="Leeds Teaching Hospitals NHS Trust",
            region=Region.YORKSHIRE,
            expertise=["knowledge management"],
            interests=["communities of practice"],
            service_areas=["Health"],
        ),
        "grace": person(
            "Grace Okafor",
            organisation="Leeds City Council",
            region=Region.YORKSHIRE,
            expertise=["social media"],
            service_areas=["Digital and IT"],
        ),
    }


def find(client, **params):
    response = client.get(reverse("profiles:finder"), params)
    assert response.status_code == 200
    return [p.user.display_name for p in response.context["profiles"]], response


def test_an_empty_search_lists_nobody_and_says_what_to_look_for(client, me, directory):
    for params in ({}, {"name": "   "}, {"page": "2"}):
        names, response = find(client, **params)
        assert names == []
        page = response.content.decode()
        assert "We do not list everyone." in page
        assert "Priya Shah" not in page


def test_a_search_that_matches_nobody_says_so_and_suggests_what_to_try(client, me, directory):
    names, response = find(client, expertise="knowledge managers")
    page = response.content.decode()
    assert names == []
    assert "Nobody matches your search." in page
    assert ">knowledge management</a>" in page  # a tag people use
    assert "Owen Hughes" not in page and "Priya Shah" not in page


def test_each_result_says_why_it_matched(client, me, directory):
    _, response = find(client, expertise="knowledge", region=Region.YORKSHIRE)
    page = response.content.decode()
    assert "Matched on expertise: <em>knowledge management</em>; region: <em>Yorkshire" in page
    _, response = find(client, interest="adoption")
    assert "Matched on interest: <em>adoption policy</em>" in response.content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"name": "priya"}, ["Priya Shah"]),
        ({"name": "shah priya"}, ["Priya Shah"]),  # every word, in any order
        # Names starting with what was typed come first, then the rest A to Z.
        ({"name": "ow"}, ["Owen Hughes"]),
        ({"name": "oka"}, ["Grace Okafor"]),
        ({"name": "ans"}, ["Tom Evans"]),
        # One or two letters: the start of the name, or of a word in it.
        ({"name": "o"}, ["Owen Hughes", "Grace Okafor"]),
        ({"name": "ev"}, ["Tom Evans"]),
        ({"name": "an"}, []),
        ({"organisation": "leeds"}, ["Grace Okafor", "Owen Hughes"]),
        ({"expertise": "knowledge"}, ["Owen Hughes", "Priya Shah"]),
        ({"expertise": "Adoption"}, ["Priya Shah"]),
        # Interests are a separate set: Tom is interested in adoption policy, not an expert.
        ({"interest": "adoption"}, ["Tom Evans"]),
        ({"region": Region.YORKSHIRE}, ["Grace Okafor", "Owen Hughes"]),
        # Combined: every criterion must hold.
        ({"organisation": "leeds", "expertise": "knowledge"}, ["Owen Hughes"]),
        ({"region": Region.YORKSHIRE, "expertise": "social"}, ["Grace Okafor"]),
        ({"name": "tom", "region": Region.YORKSHIRE}, []),
    ],
)
def test_search_by_each_criterion_and_combinations(client, me, directory, params, expected):
    names, _ = find(client, **params)
    assert names == expected


def test_search_by_service_area(client, me, directory):
    health = ServiceArea.objects.get(name="Health")
    names, _ = find(client, service_area=health.pk)
    assert names == ["Owen Hughes", "Tom Evans"]
    names, _ = find(client, service_area=health.pk, expertise="procurement")
    assert names == ["Tom Evans"]


def test_results_show_photo_name_role_organisation_and_top_expertise(client, me, directory):
    give_photo(directory["priya"])
    ProfileFactory(
        user=directory["tom"],
        expertise=["procurement", "social value", "frameworks", "tenders", "contracts", "PFI"],
    )
    _, response = find(client, name="priya")
    page = response.content.decode()
    photo_url = reverse("profiles:photo", args=[directory["priya"].username])
    assert photo_url in page
    assert "Head of Knowledge Management, Birmingham City Council" in page
    assert ">knowledge management</a>" in page

    _, response = find(client, name="tom")
    page = response.content.decode()
    assert '<span class="avatar avatar--medium avatar--initials' in page  # no photo: initials
    assert ">TE</span>" in page
    for tag in ["procurement", "social value", "frameworks", "tenders", "contracts"]:
        assert f">{tag}</a>" in page
    assert ">PFI</a>" not in page  # the top five only


def test_results_show_the_communities_we_share_and_only_those_i_can_see(client, me, directory):
    public = CommunityFactory(name="Knowledge Exchange")
    private = CommunityFactory(name="Adoption Policy CoP", private=True)
    theirs_only = CommunityFactory(name="Secret Task Group", private=True)
    for community in (public, private):
        member_of(community, me)
        member_of(community, directory["priya"])
    member_of(theirs_only, directory["priya"])
    _, response = find(client, name="priya")
    card = response.context["profiles"][0]
    assert [c.name for c in card.shared_communities] == [
        "Adoption Policy CoP",
        "Knowledge Exchange",
    ]
    assert "Secret Task Group" not in response.content.decode()


@pytest.mark.parametrize(
    "username", ["plain", "o'brien+team@example.org", "zoë.ñ~x:y", "ünï_cödé-42"]
)
def test_each_card_links_where_reverse_would_whatever_the_username_and_tags(
    client, me, directory, username
):
    """The card's links are reversed once per list and filled in per person: they must be what
    reverse() and the urlencode filter give for every handle and tag name."""
    priya = directory["priya"]
    User.objects.filter(pk=priya.pk).update(username=username)
    ProfileFactory(user=priya, expertise=["R&D / labs", "knowledge management"])
    shared = CommunityFactory(name="Knowledge Exchange", slug="knowledge-exchange")
    member_of(shared, me)
    member_of(shared, priya)
    page = find(client, name="priya")[1].content.decode()
    for name in ("profiles:detail", "profiles:compose", "profiles:contact_add"):
        assert f'"{escape(reverse(name, args=[username]))}"' in page
    assert f'"{escape(reverse("communities:home", args=[shared.slug]))}"' in page
    finder_url = reverse("profiles:finder")
    assert f'href="{finder_url}?expertise=R%26D%20/%20labs"' in page
    Contact.objects.create(owner=me, contact=User.objects.get(pk=priya.pk))
    page = find(client, name="priya")[1].content.decode()
    assert f'"{escape(reverse("profiles:contact_remove", args=[username]))}"' in page
    assert f'"{escape(reverse("profiles:contact_add", args=[username]))}"' not in page


def test_results_are_paginated_and_keep_the_search_on_every_page(client, me):
    for n in range(PAGE_SIZE + 5):
        person(f"Planner {n:02d}", organisation="Bristol City Council")
    names, response = find(client, organisation="bristol")
    assert len(names) == PAGE_SIZE
    page = response.content.decode()
    assert "25 people match your search." in page
    assert "organisation=bristol&amp;page=2" in page
    names, _ = find(client, organisation="bristol", page=2)
    assert names == [f"Planner {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]


def test_a_very_broad_search_is_counted_only_up_to_the_cap(me):
    paginator = CappedPaginator(Profile.objects.order_by("pk"), 2, cap=3)
    for _ in range(4):
        UserFactory()
    assert paginator.is_capped and paginator.count == 3 and paginator.num_pages == 2
    assert MAX_RESULTS == 1000


def test_people_hidden_blocked_or_suspended_are_never_found(client, me, directory):
    directory["priya"].profile.hidden_from_finder = True
    directory["priya"].profile.save()
    services.block(blocker=me, blocked=directory["tom"])  # I blocked Tom
    services.block(blocker=directory["owen"], blocked=me)  # Owen blocked me
    directory["grace"].is_active = False
    directory["grace"].save()
    for name in ("priya", "tom", "owen", "grace"):
        names, _ = find(client, name=name)
        assert names == []
    names, _ = find(client, name="mina")
    assert names == ["Mina Searcher"]
    # And the other way round: Tom does not find me.
    client.force_login(directory["tom"])
    names, _ = find(client, name="mina")
    assert names == []


def test_a_bad_search_shows_what_is_wrong_and_keeps_what_was_typed(client, me):
    response = client.get(reverse("profiles:finder"), {"name": "x" * 101, "region": "atlantis"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select a valid choice" in page
    assert 'value="' + "x" * 101 + '"' in page
    assert response.context["profiles"] == []


def test_a_member_who_changes_their_name_is_found_by_the_new_one(client, me, directory):
    priya = directory["priya"]
    client.force_login(priya)
    client.post(reverse("accounts:settings"), {"name": "Priya Shah-Patel"})
    client.force_login(me)
    names, _ = find(client, name="patel")
    assert names == ["Priya Shah-Patel"]


def test_a_name_changed_on_the_profile_form_is_found_by_the_new_one(client, me, directory):
    client.force_login(directory["priya"])
    response = client.post(reverse("profiles:edit"), profile_data(name="Priya Shah-Patel"))
    assert response.status_code == 302
    client.force_login(me)
    assert find(client, name="patel")[0] == ["Priya Shah-Patel"]


def test_a_suspended_member_leaves_the_finder_and_comes_back_when_reinstated(client, me, directory):
    tom = directory["tom"]
    tom.is_active = False
    tom.save()  # as the admin does
    assert find(client, name="tom")[0] == []
    tom.is_active = True
    tom.save(update_fields=["is_active"])
    assert find(client, name="tom")[0] == ["Tom Evans"]


# --- Who can be found at all: User.objects.findable() ------------------------------------------


@pytest.fixture
def unfindable():
    """An account whose email address was never verified and a deactivated one, each with a
    profile matching every search below, and each in Mina's contacts."""
    details = {
        "organisation": "Somerset Council",
        "region": Region.SOUTH_WEST,
        "expertise": ["life story work", "procurement"],
        "interests": ["procurement"],
    }
    unverified = UserFactory(name="Una Unverified", verified=False)
    ProfileFactory(user=unverified, **details)
    deactivated = person("Dee Deactivated", **details)
    deactivated.is_active = False
    deactivated.save()
    return [unverified, deactivated]


def test_unverified_and_deactivated_accounts_are_in_no_list_of_people(client, me, unfindable):
    for account in unfindable:
        Contact.objects.create(owner=me, contact=account)  # added before, say, a suspension
    searches = [{}, {"name": "u"}, {"name": "un"}, {"name": "dee"}, {"organisation": "somerset"},
                {"expertise": "procurement"}, {"region": Region.SOUTH_WEST}]  # fmt: skip
    for params in searches:
        names, _ = find(client, **params)
        assert "Una Unverified" not in names and "Dee Deactivated" not in names, params
    like_me = client.get(reverse("profiles:like_me"))
    assert like_me.context["people"] == []  # the "people to add as contacts" suggestions
    contacts = client.get(reverse("profiles:contacts")).content.decode()
    assert "Una Unverified" not in contacts and "Dee Deactivated" not in contacts


@pytest.mark.parametrize("url_name", ["detail", "photo", "compose"])
def test_unverified_and_deactivated_accounts_have_no_profile_pages(
    client, me, unfindable, url_name
):
    give_photo(unfindable[0])
    for account in unfindable:
        url = reverse(f"profiles:{url_name}", args=[account.username])
        assert client.get(url).status_code == 404
        assert (
            client.post(reverse("profiles:contact_add", args=[account.username])).status_code == 404
        )


def test_a_newcomer_is_found_once_they_confirm_their_email_and_not_after_losing_it(client, me):
    newcomer = Client()
    newcomer.post(
        reverse("account_signup"),
        {
            "name": "Jo Practitioner",
            "email": "jo@council.example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert find(client, name="jo")[0] == []
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    newcomer.post(link.group(1))
    assert find(client, name="jo")[0] == ["Jo Practitioner"]
    EmailAddress.objects.filter(email="jo@council.example.org").delete()
    assert find(client, name="jo")[0] == []


def test_a_one_or_two_letter_name_matches_the_start_of_the_name_or_of_a_word_in_it(client, me):
    for name in ("Jo Bloggs", "Mary Jones", "Marjorie Smith", "Ann O'Jolly", "Dee Jo"):
        person(name)
    assert find(client, name="jo")[0] == ["Jo Bloggs", "Dee Jo", "Mary Jones"]
    assert find(client, name="j")[0] == ["Jo Bloggs", "Dee Jo", "Mary Jones"]
    # Three letters or more: anywhere in the name, as before.
    assert find(client, name="jor")[0] == ["Marjorie Smith"]
    assert find(client, name="jo mary")[0] == ["Mary Jones"]


@POSTGRES_ONLY
def test_on_postgresql_a_two_letter_name_search_reads_the_prefix_index_not_the_table(me):
    """Two letters hold no trigram: without the prefix index (migration 0006) PostgreSQL could
    only read every profile. On 3,000 profiles the planner already prefers the indexes to
    reading the table (costs 158 against about 270); on 100,000 it is 9-22 ms against 75-100 ms
    (docs/profiles.md)."""
    # 3,000 varied names (none with a word starting "Mi"), then ten Mia Reids and Ruth Millses.
    starts = ("Ba", "Ce", "Do", "Fa", "Ge", "Ha", "Jo", "Ka", "Lu", "Na", "Pe", "Ro", "Sa", "Te")
    first = [a + b for a in starts for b in ("n", "ra", "th", "lly", "mo")]
    last = [a + b for a in starts for b in ("wick", "ley", "ton", "mani")]
    names = [f"{f} {surname}" for f in first for surname in last][:3000]
    names += ["Mia Reid", "Ruth Mills"] * 10
    users = User.objects.bulk_create(
        User(username=f"bulk{n}", email=f"bulk{n}@example.org", name=name)
        for n, name in enumerate(names)
    )
    Profile.objects.bulk_create(Profile(user=u, name=u.name, active=True) for u in users)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE profiles_profile")
        # Rows just inserted wait in the trigram index's pending list, which any use of the
        # index must read whole; VACUUM (which cannot run in a test's transaction) or a busy
        # table would have merged them.
        cursor.execute("SELECT gin_clean_pending_list('profiles_profile_name_trgm')")
    plan = search(me, Criteria(name="mi"))[:PAGE_SIZE].explain()
    assert "Seq Scan on profiles_profile" not in plan
    assert "Index Scan on profiles_profile_name_prefix" in plan
    assert "Index Cond: ((upper((name)::text) ~>=~ 'MI'::text)" in plan  # a range, not a filter
    assert "Index Scan on profiles_profile_name_trgm" in plan  # "% MI%": a later word
    assert len(search(me, Criteria(name="mi"))) == 1 + 20  # Mina Searcher, Mia *, * Mills


def test_search_function_is_usable_without_a_request(me, directory):
    criteria = Criteria(expertise="knowledge", region=Region.YORKSHIRE)
    assert [p.user.name for p in search(me, criteria)] == ["Owen Hughes"]


# --- People like me ------------------------------------------------------------------------


def test_people_like_me_ranks_members_by_how_many_tags_we_share(client):
    me = person(
        "Mina Searcher", expertise=["adoption policy", "panels"], interests=["kinship care"]
    )
    three = person(
        "Three Shared", expertise=["adoption policy", "kinship care"], interests=["panels"]
    )
    one = person("One Shared", interests=["adoption policy"])
    two = person("Two Shared", expertise=["panels"], interests=["kinship care", "gardening"])
    person("No Overlap", expertise=["highways"])
    hidden = person("Hidden Match", expertise=["adoption policy", "panels", "kinship care"])
    hidden.profile.hidden_from_finder = True
    hidden.profile.save()
    blocked = person("Blocked Match", expertise=["adoption policy", "panels", "kinship care"])
    services.block(blocker=blocked, blocked=me)
    client.force_login(me)
    response = client.get(reverse("profiles:like_me"))
    names = [p.user.name for p in response.context["people"]]
    assert names == ["Three Shared", "Two Shared", "One Shared"]
    assert [p.score for p in response.context["people"]] == [3, 2, 1]
    page = response.content.decode()
    assert "kinship care (their interest)" in page
    assert "adoption policy (their expertise)" in page
    assert three.pk and one.pk and two.pk


def test_people_like_me_asks_for_tags_when_i_have_none(client):
    client.force_login(person("Blank Slate"))
    page = client.get(reverse("profiles:like_me")).content.decode()
    assert "Add your areas of expertise and interest" in page

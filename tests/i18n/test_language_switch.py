"""The language switcher: absent with English alone, working once Welsh has a catalogue."""

import pytest
from django.test import Client

from cop_platform.settings.base import languages_with_catalogues
from core.context_processors import html_lang
from tests.i18n.catalogue import compile_catalogues

pytestmark = pytest.mark.django_db

SWITCH = 'action="/i18n/setlang/"'


def choose(client, language, next_url="/help/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_english_alone_offers_no_switcher(client):
    page = client.get("/help/").content.decode()
    assert '<html lang="en-GB"' in page
    assert SWITCH not in page
    assert ">Help</a>" in page


def test_a_second_catalogue_brings_the_switcher(welsh, client):
    page = client.get("/help/").content.decode()
    assert SWITCH in page
    assert '<label for="language-switch">Language</label>' in page
    assert '<option value="cy" lang="cy">Cymraeg</option>' in page
    assert '<option value="en-gb" lang="en-gb" selected>English</option>' in page
    assert '<input type="hidden" name="next" value="/help/">' in page


def test_choosing_welsh_keeps_the_page_and_speaks_welsh(welsh, client):
    response = choose(client, "cy", "/help/?topic=alerts")
    assert response.status_code == 302
    assert response["Location"] == "/help/?topic=alerts"

    page = client.get("/help/").content.decode()
    assert '<html lang="cy"' in page
    for welsh_text in ("Cymorth", "Telerau", "Adborth", "Neidio i&#x27;r prif gynnwys", "Cartref"):
        assert welsh_text in page or welsh_text.replace("&#x27;", "'") in page
    assert ">Help</a>" not in page
    assert '<option value="cy" lang="cy" selected>Cymraeg</option>' in page
    assert '<label for="language-switch">Iaith</label>' in page
    assert ">Newid iaith</button>" in page

    choose(client, "en-gb")
    page = client.get("/help/").content.decode()
    assert '<html lang="en-GB"' in page
    assert ">Help</a>" in page
    assert "Cymorth" not in page


def test_a_member_sees_the_signed_in_navigation_in_welsh(welsh, member_client):
    choose(member_client, "cy")
    page = member_client.get("/help/").content.decode()
    assert ">Fy nghartref</a>" in page
    assert ">Allgofnodi</button>" in page
    assert ">Chwilio</button>" in page


def test_the_browser_language_is_followed_until_a_choice_is_made(welsh, client):
    page = client.get("/help/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="cy"' in page
    choose(client, "en-gb")
    page = client.get("/help/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="en-GB"' in page


def test_a_language_without_a_catalogue_is_not_taken(welsh, client):
    choose(client, "fr")
    page = client.get("/help/").content.decode()
    assert '<html lang="en-GB"' in page
    assert ">Help</a>" in page


def test_welsh_is_refused_while_it_has_no_catalogue(client):
    """Django ships its own Welsh strings; without ours, cy is not one of LANGUAGES."""
    choose(client, "cy")
    page = client.get("/help/").content.decode()
    assert '<html lang="en-GB"' in page


def test_the_switch_only_returns_to_this_site(welsh, client):
    response = choose(client, "cy", "https://elsewhere.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_switch_is_a_post_with_a_csrf_token(welsh):
    assert Client().get("/i18n/setlang/?language=cy&next=/help/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    assert choose(strict, "cy").status_code == 403


def test_languages_come_from_the_catalogues_present(tmp_path):
    assert languages_with_catalogues([tmp_path]) == [("en-gb", "English")]
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
    )
    assert languages_with_catalogues([tmp_path]) == [("en-gb", "English")]
    compile_catalogues(tmp_path)
    assert languages_with_catalogues([tmp_path]) == [("en-gb", "English"), ("cy", "Cymraeg")]


def test_html_lang_writes_regions_in_capitals():
    assert html_lang("en-gb") == "en-GB"
    assert html_lang("cy") == "cy"
    assert html_lang("sr-latn") == "sr-Latn"

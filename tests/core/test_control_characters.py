"""Control characters never reach stored text: one function, run over every submitted form."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.models import Feedback
from core.text import StripControlCharsMiddleware, strip_control_chars, strip_control_chars_deep


def test_only_tab_newline_and_crlf_line_endings_survive():
    assert strip_control_chars("a\x00b\x01c\x08d\x0be\x0cf\x1fg\x7fh") == "abcdefgh"
    assert strip_control_chars("one\ttwo\nthree\r\nfour") == "one\ttwo\nthree\r\nfour"
    assert strip_control_chars("lone\rcarriage return") == "lonecarriage return"
    assert strip_control_chars("Café – ok ✓") == "Café – ok ✓"
    assert strip_control_chars("") == "" and strip_control_chars(None) is None


def test_exports_strip_every_string_inside_lists_and_dicts():
    data = {"title\x01": ["a\x02", ("b\x03", 4)], "when": None, "n": 1.5}
    assert strip_control_chars_deep(data) == {"title": ["a", ["b", 4]], "when": None, "n": 1.5}


def test_the_middleware_cleans_every_posted_value_and_leaves_clean_posts_alone():
    middleware = StripControlCharsMiddleware(lambda request: None)
    request = RequestFactory().post(
        "/", {"title": "Tea\x01 time", "tag": ["a\x02", "b"], "body": "one\r\ntwo\x0b"}
    )
    middleware.process_view(request, None, (), {})
    assert request.POST["title"] == "Tea time"
    assert request.POST.getlist("tag") == ["a", "b"]
    assert request.POST["body"] == "one\r\ntwo"
    assert not request.POST._mutable

    clean = RequestFactory().post("/", {"title": "Tea time"})
    original = clean.POST
    middleware.process_view(clean, None, (), {})
    assert clean.POST is original


@pytest.mark.django_db
def test_feedback_typed_with_control_characters_is_stored_without_them(member_client):
    response = member_client.post(
        reverse("core:feedback"), {"message": "Search\x01 is\x1b great\r\nThanks", "page": "/x/"}
    )
    assert response.status_code == 302
    assert Feedback.objects.get().message == "Search is great\r\nThanks"

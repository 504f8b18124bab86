"""Pages travel gzip-compressed to browsers that accept it."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_asked_for_with_gzip_comes_back_compressed(client):
    plain = client.get("/help/")
    response = client.get("/help/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content)
    assert b"Skip to main content" in page
    assert len(response.content) < len(page) / 2
    # The same page as without compression (the CSRF token and CSP nonce aside, none here).
    assert page.count(b"<a ") == plain.content.count(b"<a ")


def test_a_page_asked_for_without_gzip_comes_back_plain(client):
    response = client.get("/help/")
    assert not response.has_header("Content-Encoding")
    assert b"Skip to main content" in response.content

"""The rich-text pipeline: what members write is kept when it is safe, dropped when it is not."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import UploadPolicy, unguessable_name, validate_upload
from richtext.embeds import expand_embeds, parse_video_url
from richtext.mentions import link_mentions, mentioned_users
from richtext.sanitise import clean_rich_text, html_to_text, is_blank, sanitise_html
from tests.accounts.factories import UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_the_editor_s_formatting_survives():
    html = (
        "<h2>Agenda</h2><p><strong>Bold</strong>, <em>italic</em>, <s>gone</s></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        '<table><thead><tr><th colspan="2">Head</th></tr></thead>'
        "<tbody><tr><td>a</td><td>b</td></tr></tbody></table>"
    )
    assert clean_rich_text(html) == html.replace('colspan="2"', 'colspan="2"')


def test_links_get_nofollow_noopener_ugc_and_keep_internal_addresses():
    html = clean_rich_text(
        '<p><a href="https://example.org" target="_blank">out</a> <a href="/c/x/">in</a></p>'
    )
    assert '<a href="https://example.org" rel="nofollow noopener ugc">out</a>' in html
    assert '<a href="/c/x/" rel="nofollow noopener ugc">in</a>' in html
    assert "target" not in html


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "data:text/html,x",
        "vbscript:msgbox(1)",
        "java\x01script:alert(1)",
    ],
)
def test_only_http_https_and_mailto_links_survive(href):
    assert "href" not in clean_rich_text(f'<p><a href="{href}">x</a></p>')


def test_images_only_from_our_own_attachments():
    assert clean_rich_text('<p><img src="/files/abc/photo.png" alt="Panel"></p>') == (
        '<p><img src="/files/abc/photo.png" alt="Panel"></p>'
    )
    for src in [
        "https://evil.example/t.gif",
        "//evil.example/t.gif",
        "/files/../etc/passwd",
        "data:image/png;base64,AAAA",
    ]:
        assert "src" not in clean_rich_text(f'<p><img src="{src}" alt="x"></p>')


def test_h1_style_class_and_ids_are_dropped_but_the_words_stay():
    html = clean_rich_text('<h1 id="x">Title</h1><p style="color:red" class="big">Words</p>')
    assert html == "Title<p>Words</p>"


def test_plain_text_from_the_no_javascript_textarea_becomes_paragraphs():
    html = clean_rich_text("First line\nsecond line\n\nNew paragraph with a < b & c")
    assert html == ("<p>First line<br>second line</p><p>New paragraph with a &lt; b &amp; c</p>")


def test_bare_web_addresses_become_links_except_inside_code():
    html = clean_rich_text("<p>See https://example.org/a?b=1&c=2.</p><pre>https://x.example</pre>")
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener ugc">' in html
    assert "<pre>https://x.example</pre>" in html


def test_cleaning_twice_changes_nothing():
    once = clean_rich_text("Hello https://example.org\n\n<b>bold</b> <script>x</script>")
    assert clean_rich_text(once) == once == sanitise_html(once)


def test_blank_means_no_words_and_no_picture():
    assert is_blank(clean_rich_text("<p> </p><p><br></p>"))
    assert not is_blank(clean_rich_text('<p><img src="/files/a/b.png" alt=""></p>'))
    assert html_to_text("<p>One</p><p>Two &amp; three</p>") == "One Two & three"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", ("youtube", "dQw4w9WgXcQ")),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", ("vimeo", "76979871")),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
        ("javascript:alert(1)//youtu.be/dQw4w9WgXcQ", None),
    ],
)
def test_video_addresses_we_can_embed(url, expected):
    assert parse_video_url(url) == expected


def test_a_video_address_on_its_own_line_becomes_a_privacy_enhanced_player():
    stored = clean_rich_text(
        "Watch this:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nhttps://vimeo.com/76979871"
    )
    shown = expand_embeds(stored)
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in shown
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in shown
    assert 'title="YouTube video"' in shown and 'title="Vimeo video"' in shown
    assert "<iframe" not in stored  # stored as links; the player is ours, made at display time


def test_a_video_link_inside_a_sentence_stays_a_link():
    shown = expand_embeds(clean_rich_text("See https://youtu.be/dQw4w9WgXcQ for details"))
    assert "<iframe" not in shown


@pytest.mark.django_db
def test_mentions_link_to_the_profile_and_show_the_name_not_the_handle():
    ann = UserFactory(name="Ann Smith", username="ann")
    UserFactory(name="Suspended", username="gone", is_active=False)
    UserFactory(name="Never confirmed", username="bot", verified=False)
    html, users = link_mentions(
        clean_rich_text("Thanks @ann, @gone and @bot, mail bob@example.org")
    )
    assert users == [ann]
    assert '<a href="/people/ann/" class="mention">@Ann Smith</a>' in html
    assert "@gone" in html and "@bot" in html and "bob@example.org" in html
    assert mentioned_users(clean_rich_text(html)) == [ann]


def test_uploads_are_checked_for_size_type_and_real_images():
    policy = UploadPolicy(max_bytes=100, allowed_extensions=("pdf", "png"))
    with pytest.raises(ValidationError, match="the limit is 100"):
        validate_upload(SimpleUploadedFile("big.pdf", b"x" * 101), policy)
    with pytest.raises(ValidationError, match="not a type of file we accept"):
        validate_upload(SimpleUploadedFile("page.html", b"<script>"), policy)
    with pytest.raises(ValidationError, match="does not look like a PNG"):
        validate_upload(SimpleUploadedFile("photo.png", b"<html>"), policy)
    with pytest.raises(ValidationError, match="is empty"):
        validate_upload(SimpleUploadedFile("empty.pdf", b""), policy)
    assert validate_upload(SimpleUploadedFile("photo.png", PNG), policy) == "image/png"


def test_stored_names_are_unguessable_and_keep_only_the_extension():
    first, second = unguessable_name("Minutes <March>.PDF"), unguessable_name("Minutes <March>.PDF")
    assert first != second and first.endswith(".pdf") and "Minutes" not in first

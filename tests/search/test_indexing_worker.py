"""In production the index is kept current by a Celery task queued after commit; here a real
worker (Redis broker, test database) does it."""

import time

import pytest

from search.models import SearchDocument
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from wikis import services as wiki_services

pytestmark = pytest.mark.integration


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_saved_page_is_indexed_by_the_worker_after_commit(celery_worker_process):
    community = CommunityFactory(name="Social Media and Online Collaboration")
    author = member_of(community, UserFactory(name="Dave Briggs"))
    page = wiki_services.page_create(
        community=community, author=author, title="Barcamp notes", body="<p>Unconference.</p>"
    )
    assert wait_for(lambda: SearchDocument.objects.filter(kind="wiki", object_id=page.pk).exists())
    assert "Task search.tasks.index_item_task[" in celery_worker_process.log()

    wiki_services.page_edit(page=page, by=author, title="Barcamp notes",
                            body="<p>Sessions on open data.</p>", reason="Added sessions",
                            base_version=1)  # fmt: skip
    assert wait_for(
        lambda: "open data" in SearchDocument.objects.get(kind="wiki", object_id=page.pk).body
    )

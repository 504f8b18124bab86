"""Wiki content made through the real services (revisions, activity and indexing are real)."""

from tests.search.helpers import committed
from wikis import services


def page(
    community,
    author,
    *,
    title="Social Media Big Day Out",
    body=None,
    reason="First draft",
    related=(),
):
    body = body or "<p>The Social Media Big Day Out will be a launch event for the CoP.</p>"
    with committed():
        return services.page_create(
            community=community,
            author=author,
            title=title,
            body=body,
            reason=reason,
            related=related,
        )


def edit(
    page, by, *, body, title=None, reason="Tidied up the agenda", base_version=None, related=None
):
    with committed():
        return services.page_edit(
            page=page,
            by=by,
            title=title or page.title,
            body=body,
            reason=reason,
            base_version=page.version if base_version is None else base_version,
            related=related,
        )

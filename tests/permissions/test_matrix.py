"""Every URL × every role gets exactly the status the matrix says; no URL goes without a row."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.exempt import EXEMPT, EXEMPT_PREFIXES
from tests.permissions.matrix import ROLES, all_rows
from tests.permissions.world import build_world

ROWS = all_rows()


def url_names(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_pattern_has_a_row_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(
        name
        for name in set(url_names())
        if name not in covered
        and name not in EXEMPT
        and not any(name.startswith(prefix) for prefix in EXEMPT_PREFIXES)
    )
    assert not missing, "URL patterns with no row in the permission matrix:\n" + "\n".join(missing)


def test_every_row_names_a_real_url():
    names = set(url_names())
    assert not [row.url_name for row in ROWS if row.url_name not in names]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_role_gets_the_expected_status(row, role, client, canaries, db):
    world = build_world(row.scenario, canaries)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(row.url_name, kwargs=row.resolve_kwargs(world))
    if row.query:
        url = f"{url}?{row.query}"
    if row.method == "GET":
        response = client.get(url)
    elif row.method == "POST":
        response = client.post(url, row.resolve_data(world))
    else:
        response = client.generic(row.method, url)
    expected = row.expect[role]
    where = f" (redirects to {response['Location']})" if response.has_header("Location") else ""
    assert response.status_code == expected, (
        f"{role} got {response.status_code}{where}, expected {expected}, for {row.method} {url}"
    )

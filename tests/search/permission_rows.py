"""The search page: every signed-in member may search; what they find is their own business
(tests/search/test_visibility.py), and the canaries planted in private wiki pages and
documents prove here that no title, snippet or tag leaks to anyone else."""

from tests.documents import worlds as document_worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import Row, signed_in
from tests.wikis import worlds  # noqa: F401  (registers the scenarios)

ROWS = [
    Row("search:index", signed_in(200), "site"),
    Row("search:index", signed_in(200), "wiki_private", query="q=agenda"),
    Row("search:index", signed_in(200), "wiki_sub_private", query="q=agenda+speakers"),
    Row("search:index", signed_in(200), "docs_private", query="q=guide&type=document"),
    Row("search:index", signed_in(200), "wiki_private", query="tag=socialmedia"),
    Row(
        "search:index",
        signed_in(400),
        "wiki_public",
        query="q=agenda&date_from=2024-05-01&date_to=2024-04-01",
        note="dates the wrong way round",
    ),
]

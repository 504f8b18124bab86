"""URL patterns deliberately without matrix rows, each with its reason."""

EXEMPT_PREFIXES = {
    "admin:": (
        "Django's own admin for superusers, guarded by AdminSite.admin_view; its entry point "
        "admin:index has rows, and the site's own staff pages are in the matrix."
    ),
    "outbox:": (
        "The development outbox is mounted only by dev settings (make run), never here; "
        "tests/core/test_outbox.py checks who may read it."
    ),
}

LEGACY_SSO_REDIRECT = (
    "allauth's permanent redirect from an old single sign-on address to the named page, which "
    "has rows in tests/accounts/permission_rows.py."
)
EXEMPT = {
    "<unnamed social/login/cancelled/>": LEGACY_SSO_REDIRECT,
    "<unnamed social/login/error/>": LEGACY_SSO_REDIRECT,
    "<unnamed social/signup/>": LEGACY_SSO_REDIRECT,
    "<unnamed social/connections/>": LEGACY_SSO_REDIRECT,
}

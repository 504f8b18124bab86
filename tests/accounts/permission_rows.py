from tests.permissions.matrix import Row, expect, signed_in

everyone = expect(default=200)
# Pages for signing in or up: signed-in members are sent on to My home.
visitors_only = expect(default=302, anonymous=200, suspended=200)

ROWS = [
    Row("accounts:settings", expect=signed_in(200)),
    Row("accounts:settings", method="POST", data={"name": "New Name"}, expect=signed_in(302)),
    Row(
        "accounts:settings",
        method="POST",
        data={"name": ""},
        expect=signed_in(200),
        note="invalid: form shown again",
    ),
    Row("account_login", expect=visitors_only),
    Row("account_signup", expect=visitors_only),
    Row("account_logout", expect=signed_in(200)),
    Row("account_logout", method="POST", expect=expect(default=302)),
    Row("account_inactive", expect=everyone),
    Row("account_reauthenticate", expect=signed_in(200)),
    Row("account_email", expect=signed_in(200)),
    Row("account_email_verification_sent", expect=everyone),
    Row("account_change_password", expect=signed_in(200)),
    Row("account_set_password", expect=signed_in(302), note="has a password: sent to change it"),
    Row("account_reset_password", expect=everyone),
    Row("account_reset_password_done", expect=everyone),
    Row("account_reset_password_from_key_done", expect=everyone),
    Row(
        "account_reset_password_from_key",
        kwargs={"uidb36": "zz", "key": "not-a-key"},
        expect=everyone,
        note="bad link",
    ),
    Row("account_confirm_email", kwargs={"key": "not-a-key"}, expect=everyone, note="bad link"),
    Row("account_confirm_login_code", expect=expect(default=302)),
    Row("admin:index", expect=expect(default=302, admin=200)),
]

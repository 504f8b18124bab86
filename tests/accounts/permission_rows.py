from tests.permissions.matrix import Row, expect, signed_in

everyone = expect(default=200)
everyone_404 = expect(default=404)
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
    # Two-factor (allauth.mfa). Changes ask for the password again first (302 to reauthenticate).
    Row("mfa_index", expect=signed_in(200)),
    Row("mfa_activate_totp", expect=signed_in(302), note="asks for the password again first"),
    Row("mfa_activate_totp", method="POST", data={"code": "000000"}, expect=signed_in(302)),
    Row("mfa_deactivate_totp", expect=signed_in(404), note="nothing to turn off"),
    Row("mfa_view_recovery_codes", expect=signed_in(404), note="none yet"),
    Row("mfa_download_recovery_codes", expect=signed_in(404), note="none yet"),
    Row("mfa_generate_recovery_codes", expect=signed_in(302), note="needs two-factor on"),
    Row("mfa_reauthenticate", expect=signed_in(302), note="needs two-factor on"),
    Row("mfa_authenticate", expect=expect(default=302), note="no sign-in waiting for a code"),
    Row(
        "mfa_authenticate",
        method="POST",
        data={"code": "000000"},
        expect=expect(default=302),
        note="no sign-in waiting for a code",
    ),
    Row("mfa_list_webauthn", expect=signed_in(200)),
    Row("mfa_add_webauthn", expect=signed_in(302), note="asks for the password again first"),
    Row("mfa_reauthenticate_webauthn", expect=signed_in(302), note="no security key"),
    Row(
        "mfa_edit_webauthn",
        kwargs={"pk": 999999},
        expect=signed_in(302),
        note="asks for the password again first (then 404: tests/accounts/test_mfa.py)",
    ),
    Row(
        "mfa_remove_webauthn",
        kwargs={"pk": 999999},
        expect=signed_in(302),
        note="asks for the password again first (then 404: tests/accounts/test_mfa.py)",
    ),
    # Single sign-on (allauth.socialaccount): off unless configured, so the provider's URLs 404.
    Row("openid_connect_login", kwargs={"provider_id": "sso"}, expect=everyone_404),
    Row("openid_connect_login", method="POST", kwargs={"provider_id": "sso"}, expect=everyone_404),
    Row(
        "openid_connect_callback",
        kwargs={"provider_id": "sso"},
        query="code=forged&state=forged",
        expect=everyone_404,
    ),
    Row("socialaccount_signup", expect=expect(default=302), note="no SSO sign-up waiting"),
    Row("socialaccount_login_cancelled", expect=everyone),
    # allauth answers 401 (the callback itself shows the error to someone not yet signed in).
    Row("socialaccount_login_error", expect=signed_in(401)),
    Row("socialaccount_connections", expect=signed_in(200)),
]

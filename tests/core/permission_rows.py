from tests.permissions.matrix import Row, expect, signed_in

everyone = expect(default=200)

ROWS = [
    Row("core:home", expect=everyone, note="landing page or My home"),
    Row("core:help", expect=everyone),
    Row("core:favicon", expect=everyone, note="the site icon, for browsers that ask the root"),
    Row("core:terms", expect=everyone),
    Row("core:healthz", expect=everyone, note="service health for monitoring, no session"),
    # The site admins' health page answers 503 here: the matrix runs no beat (and, under make
    # test, no Celery worker), so those checks fail; everyone else is refused or signed out.
    Row("core:health", expect=signed_in(403, admin=503), note="site admins' service health"),
    Row(
        "core:health",
        expect=signed_in(403, admin=503),
        query="format=json",
        note="the same results for monitoring",
    ),
    Row("core:feedback", expect=signed_in(200)),
    Row("core:feedback", method="POST", data={"message": "Lovely site"}, expect=signed_in(302)),
    Row(
        "core:feedback",
        method="POST",
        data={"message": ""},
        expect=signed_in(200),
        note="invalid: form shown again",
    ),
    Row(
        "core:text_size",
        method="POST",
        data={"size": "large", "next": "/help/"},
        expect=expect(default=302),
    ),
    Row("core:text_size", expect=expect(default=405), note="GET is not allowed"),
    Row(
        "set_language",
        method="POST",
        data={"language": "en-gb", "next": "/help/"},
        expect=expect(default=302),
        note="the language switcher; anyone may choose",
    ),
    Row("set_language", expect=expect(default=405), note="GET is not allowed"),
]

"""A real OpenID Connect provider (npm oidc-provider, tests/sso_idp/server.js) for the tests.

`running_provider(settings, tmp_path, site_url)`, used by a fixture, starts `node server.js` on
a free loopback port with one client registered for our callback, configures the site to use it
(SOCIALACCOUNT_PROVIDERS and the Content-Security-Policy's form-action), and stops it after.
`idp.person(login, email, verified=True, name=...)` adds someone who can sign in there.
"""

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.fixtures.services import SERVICES_REQUIRED

HERE = Path(__file__).resolve().parent
PROVIDER_ID = "sso"
PROVIDER_NAME = "Acme Council"
CLIENT_ID = "cop-platform"
CLIENT_SECRET = "a-test-only-client-secret"
CALLBACK = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"


class LocalProvider:
    def __init__(self, workdir, redirect_uris):
        self.accounts_file = Path(workdir) / "idp-accounts.json"
        self.accounts_file.write_text("{}")
        env = {
            **os.environ,
            "IDP_CLIENT_ID": CLIENT_ID,
            "IDP_CLIENT_SECRET": CLIENT_SECRET,
            "IDP_REDIRECT_URIS": ",".join(redirect_uris),
            "IDP_ACCOUNTS_FILE": str(self.accounts_file),
        }
        # Its warnings and errors go to a file, so a full pipe can never stall it.
        self.log = Path(workdir) / "idp.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                ["node", "server.js"],
                cwd=HERE,
                env=env,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        lines = queue.Queue()
        threading.Thread(
            target=lambda: lines.put(self.process.stdout.readline()), daemon=True
        ).start()
        try:
            first = lines.get(timeout=20)
        except queue.Empty:
            first = ""
        if not first.strip():
            self.stop()
            raise RuntimeError(f"the local OpenID Connect provider did not start: {self.stderr()}")
        self.issuer = json.loads(first)["issuer"]

    def stderr(self):
        return self.log.read_text() if self.log.exists() else ""

    def person(self, login, email, *, verified=True, name="Jo Practitioner"):
        people = json.loads(self.accounts_file.read_text())
        people[login] = {"email": email, "email_verified": verified, "name": name}
        self.accounts_file.write_text(json.dumps(people))

    def site_settings(self):
        return {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": PROVIDER_ID,
                        "name": PROVIDER_NAME,
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {"server_url": self.issuer},
                    }
                ],
            }
        }

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _unavailable(reason):
    if SERVICES_REQUIRED:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _start(settings, tmp_path, site_urls):
    if not shutil.which("node"):
        _unavailable("node is not installed (the single sign-on tests run oidc-provider)")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        _unavailable("tests/sso_idp/node_modules is missing: run `npm ci --prefix tests/sso_idp`")
    idp = LocalProvider(tmp_path, [url + CALLBACK for url in site_urls])
    settings.SOCIALACCOUNT_PROVIDERS = idp.site_settings()
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"]}
    directives["form-action"] = [*directives["form-action"], idp.issuer]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    return idp


def running_provider(settings, tmp_path, site_url="http://testserver"):
    """For a fixture: `yield from running_provider(settings, tmp_path[, live_server.url])`.

    The local provider, with the site at `site_url` configured to sign in through it.
    """
    idp = _start(settings, tmp_path, [site_url])
    try:
        yield idp
    finally:
        idp.stop()


def sign_in_through(client, login):
    """Press our SSO button with Django's test client, sign in at the provider as `login`, and
    bring the provider's answer back to our callback: returns our callback's response."""
    return client.get(answer_from_provider(client, login))


def answer_from_provider(client, login, *, start=f"/accounts/oidc/{PROVIDER_ID}/login/"):
    """Our callback path, with the code and state the provider sent back for `login`."""
    import re
    from urllib.parse import urljoin

    import requests

    response = client.post(start, {"process": "login"})
    assert response.status_code == 302, response
    browser = requests.Session()
    url = response["Location"]
    form = None
    for _ in range(10):
        if form is not None:
            answer = browser.post(url, data=form, allow_redirects=False, timeout=10)
            form = None
        else:
            answer = browser.get(url, allow_redirects=False, timeout=10)
        if answer.is_redirect:
            url = urljoin(url, answer.headers["Location"])
            if url.startswith("http://testserver/"):
                return url.removeprefix("http://testserver")
            continue
        action = re.search(r'<form[^>]*action="([^"]+)"', answer.text)
        assert action, f"no sign-in form at {url}: {answer.status_code} {answer.text[:500]}"
        url = urljoin(url, action.group(1))
        form = {"prompt": "login", "login": login, "password": "any"}
    raise AssertionError("the provider never sent us back")

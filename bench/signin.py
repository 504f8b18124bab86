"""Sign-in benchmark: the time of the sign-in POST (allauth's login view) with the configured
PASSWORD_HASHERS, measured through Django's test client against a throwaway SQLite database.

Most of a sign-in's time is the password hasher's deliberate cost, so this is the number to watch
when PASSWORD_HASHERS changes. Run it under the dev settings (what `make run` serves):

    DJANGO_SETTINGS_MODULE=cop_platform.settings.dev .venv/bin/python bench/signin.py

It prints the median and spread of `--runs` sign-ins (default 20; allauth allows 30 a minute per
address), the median of the password check alone, and the hasher that stored the password.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    # A fresh var/ keeps the developer's database and outbox out of it.
    os.environ["COP_VAR_DIR"] = tempfile.mkdtemp(prefix="cop-signin-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings.dev")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import check_password
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    email, password = "bench@example.org", "a-long-bench-password-2026"
    user = get_user_model().objects.create_user(username="bench", email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    algorithm = user.password.split("$", 1)[0]

    url = reverse("account_login")
    timings = []
    for _ in range(args.runs):
        client = Client(HTTP_HOST="127.0.0.1")
        start = time.perf_counter()
        response = client.post(url, {"login": email, "password": password})
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 302:
            raise SystemExit(f"sign-in failed with {response.status_code}")
    checks = []
    for _ in range(args.runs):
        start = time.perf_counter()
        check_password(password, user.password)
        checks.append((time.perf_counter() - start) * 1000)
    print(f"settings: {os.environ['DJANGO_SETTINGS_MODULE']}  hasher: {algorithm}")
    print(
        f"sign-in POST over {args.runs} runs: median {statistics.median(timings):.1f} ms, "
        f"min {min(timings):.1f} ms, max {max(timings):.1f} ms"
    )
    print(f"password check alone: median {statistics.median(checks):.1f} ms")


if __name__ == "__main__":
    main()

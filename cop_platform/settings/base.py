"""Settings shared by every environment; each environment module overrides what differs.

Everything that varies between machines comes from the environment (see docs/deployment.md).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("COP_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
SITE_ID = 1
SITE_NAME = env("COP_SITE_NAME", "Communities of Practice")
# Absolute links in emails (no request at hand when a task renders them). SITE_URL is the
# documented variable (docs/deployment.md); COP_SITE_URL is read when it is not set.
SITE_URL = env("SITE_URL") or env("COP_SITE_URL") or "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    # Single sign-on through an organisation's OpenID Connect provider, and two-factor
    # authentication (docs/sign-in.md).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "taggit",
    "core",
    "accounts",
    "profiles",
    "communities",
    # Alerts and activity: the event log and streams/metrics, email alerts and digests,
    # in-app notifications (the bell).
    "activity",
    "alerts",
    "notifications",
    # Conversations: rich text + attachments, reactions/reports, comments, forums,
    # blogs, feeds. django_prose_editor only provides the editor's static files.
    "django_prose_editor",
    "richtext",
    "conversations",
    "comments",
    "forums",
    "blogs",
    "feeds",
    # Knowledge: folksonomy tags (on django-taggit), the one search index, wikis and
    # the document library. See docs/knowledge.md.
    "tags",
    "search",
    "wikis",
    "documents",
    # Events, polls and news feeds; see docs/events-polls-news.md.
    "events",
    "polls",
    "news",
    # Tools for facilitators and members built on the features above: recommendations and
    # question routing, lifecycle toolkits and closedown, this week in a community, and
    # evidence of value. See docs/facilitation.md and docs/finding.md.
    "finding",
    "lifecycle",
    "facilitation",
    "value",
    # The ecosystem: the REST API with personal access tokens (docs/api.md), and replies
    # posted by email (docs/email.md).
    "api",
    "inbound",
    # django-ninja's own static files (Swagger UI) for the API's documentation page.
    "ninja",
]

MIDDLEWARE = [
    # Gives each request an id for its response and log lines (core/requestid.py).
    "core.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages for clients that accept gzip. It sits outside every middleware that reads
    # or changes the body; WhiteNoise, above it, serves static files already compressed. Django
    # pads each gzip response with random bytes against BREACH-style length attacks.
    "django.middleware.gzip.GZipMiddleware",
    # The database or the cache being unavailable gives a 503 "we are having trouble" page. It
    # sits above sessions and authentication so that their failures reach it too (core/failure.py).
    "core.failure.FriendlyFailureMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of each response: the language cookie, else Accept-Language (see LANGUAGES).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.text.StripControlCharsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Works out what each member may see at most once per request (communities/sight.py).
    "communities.sight.SightMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    # A member's first look at a community each day, counted once (facilitation/visits.py).
    "facilitation.visits.CommunityVisitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Sends admins and facilitators to set up two-factor when the sign-in policy requires it.
    "accounts.two_factor.TwoFactorRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "cop_platform.urls"
WSGI_APPLICATION = "cop_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                # Unread messages and notifications for the navigation (one query for both,
                # signed-in pages only).
                "profiles.context_processors.navigation",
            ],
            # `{% url %}` remembering URLs without arguments (core/templatetags/fixed_urls.py).
            "builtins": ["core.templatetags.fixed_urls"],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
# Behind PgBouncer in transaction mode (docker-compose.yml, docs/deployment.md) consecutive
# transactions of one Django connection may run on different server connections, so a cursor
# declared WITH HOLD outside a transaction (what .iterator() uses) could be lost: DB_PGBOUNCER=1
# turns server-side cursors off. Persistent connections (DB_CONN_MAX_AGE) stay fine: they are
# connections to PgBouncer, which hands out a server connection per transaction.
if env_bool("DB_PGBOUNCER"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "cop"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 stores new and changed passwords. The others stay listed so that a password stored
# with one of them still verifies, and is re-hashed with Argon2 when its owner signs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: email is the identity; usernames exist only for @mentions and invites.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_USER_DISPLAY = "accounts.models.display_name"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Sign-up keeps to the email domains an admin lists (accounts/signup_forms.py, SignInPolicy);
# SSO account matching and refusals are in accounts/adapters.py.
ACCOUNT_FORMS = {"signup": "accounts.signup_forms.PasswordSignupForm"}
SOCIALACCOUNT_FORMS = {"signup": "accounts.signup_forms.SSOSignupForm"}
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
# An SSO sign-in reaches an existing account only when both the provider and we have verified
# the email address; the adapter enforces "both", allauth links the account on first match.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10


def oidc_providers():
    """The organisation's OpenID Connect provider from the environment; none unless OIDC_SERVER_URL.

    With none configured there is no sign-in button and the provider URLs answer 404.
    """
    server_url = env("OIDC_SERVER_URL", "").strip()
    if not server_url:
        return {}
    client_id = env("OIDC_CLIENT_ID", "").strip()
    if not client_id:
        raise ImproperlyConfigured("OIDC_SERVER_URL is set; OIDC_CLIENT_ID must be set too.")
    app_settings = {"server_url": server_url}
    if env("OIDC_TOKEN_AUTH_METHOD"):
        app_settings["token_auth_method"] = env("OIDC_TOKEN_AUTH_METHOD")
    # For providers that never send email_verified (Microsoft Entra ID, for one): addresses at
    # these domains, which the provider itself issues, count as verified by it.
    if env_list("OIDC_VERIFIED_EMAIL_DOMAINS"):
        app_settings["verified_email"] = env_list("OIDC_VERIFIED_EMAIL_DOMAINS")
    app = {
        "provider_id": env("OIDC_PROVIDER_ID", "sso"),
        "name": env("OIDC_PROVIDER_NAME", "your organisation"),
        "client_id": client_id,
        "secret": env("OIDC_CLIENT_SECRET", ""),
        "settings": app_settings,
    }
    return {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [app]}}


def origin(url):
    """scheme://host[:port] of a URL, as a Content-Security-Policy source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


SOCIALACCOUNT_PROVIDERS = oidc_providers()
SSO_ORIGINS = [origin(env("OIDC_SERVER_URL"))] if SOCIALACCOUNT_PROVIDERS else []
# Two-factor: an authenticator app (TOTP) with recovery codes, and security keys (WebAuthn, whose
# scripts are static files that the Content-Security-Policy allows).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_ADAPTER = "accounts.adapters.MFAAdapter"

TIME_ZONE = "Europe/London"
USE_TZ = True

# Translation (CONTRIBUTING.md "Translation"). British English is the language of the source
# strings. A language is offered, and the switcher in the footer appears, once its compiled
# catalogue is in LOCALE_PATHS (locale/<code>/LC_MESSAGES/django.mo). No URL prefixes: the
# choice is a cookie set by the set_language view, else the browser's Accept-Language.
USE_I18N = True
LANGUAGE_CODE = "en-gb"
LOCALE_PATHS = [BASE_DIR / "locale"]


def languages_with_catalogues(locale_paths, source=("en-gb", "English")):
    """The source language, then every language with a compiled catalogue, named in itself."""
    from django.conf.locale import LANG_INFO

    languages = [source]
    for folder in locale_paths:
        for mo in sorted(Path(folder).glob("*/LC_MESSAGES/django.mo")):
            code = mo.parent.parent.name.lower().replace("_", "-")
            if code not in dict(languages):
                languages.append((code, LANG_INFO.get(code, {}).get("name_local", code)))
    return languages


LANGUAGES = languages_with_catalogues(LOCALE_PATHS)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("COP_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"


def upload_storage():
    """Where uploaded files live: local disk (MEDIA_ROOT) unless COP_STORAGE=s3.

    With COP_STORAGE=s3 they are objects in a private S3-compatible bucket (AWS S3, MinIO…)
    that every web server and worker shares. Either way members only ever get them through the
    permission-checked views (core.files.serve_file reads through the storage API): objects are
    written with a private ACL, and nothing links to the bucket.
    """
    kind = env("COP_STORAGE", "local").strip().lower()
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"COP_STORAGE is {kind!r}; use 'local' or 's3'.")
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("COP_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    endpoint = env("AWS_S3_ENDPOINT_URL") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_storage_options(
            bucket_name=bucket,
            endpoint_url=endpoint,
            access_key=env("AWS_ACCESS_KEY_ID"),
            secret_key=env("AWS_SECRET_ACCESS_KEY"),
            region_name=env("AWS_S3_REGION_NAME") or None,
            # MinIO and most self-hosted servers need path-style addresses.
            addressing_style=env("AWS_S3_ADDRESSING_STYLE", "path" if endpoint else "auto"),
        ),
    }


def s3_storage_options(**options):
    """django-storages S3Storage options: private objects, never overwritten, spooled to disk."""
    return {
        "default_acl": "private",
        # Storage names are random (core.files.unguessable_name); a clash must not replace a file.
        "file_overwrite": False,
        # Nothing links to the bucket; should anything ask for a URL, it is signed and short-lived.
        "querystring_auth": True,
        "querystring_expire": 60,
        # A file being served is read into a temporary file that moves to disk above 2 MB.
        "max_memory_size": 2 * 1024 * 1024,
        "signature_version": "s3v4",
        **options,
    }


STORAGES = {
    "default": upload_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Communities of Practice <noreply@cop.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20

# Reply by email (inbound app; docs/email.md). Off while REPLY_DOMAIN is empty: immediate alerts
# then carry no reply address and nothing is received. The domain's MX points at the receiver
# (`manage.py receive_mail`, the `mailin` service) or at a hosted provider's inbound webhook.
REPLY_DOMAIN = env("REPLY_DOMAIN", "")
REPLY_ADDRESS_DAYS = int(env("REPLY_ADDRESS_DAYS", "30"))
INBOUND_MAX_BYTES = int(env("INBOUND_MAX_BYTES", str(25 * 1024 * 1024)))
# The hosted provider whose inbound webhook /inbound/anymail/ serves (an anymail ESP name such
# as "mailgun", "postmark", "sendgrid", "amazon_ses"); it answers only with a webhook secret.
INBOUND_ANYMAIL_ESP = env("INBOUND_ANYMAIL_ESP", "")
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", "")}

# Celery: Redis broker; the one beat schedule lives in cop_platform/celery.py.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "core.tasks.send_email": {"queue": "email"},
    # Alert senders (they talk to SMTP); the digest coordinator stays on the default queue.
    "alerts.tasks.send_digest_batch": {"queue": "email"},
    "alerts.tasks.send_immediate_alerts": {"queue": "email"},
    "value.tasks.send_consent_email": {"queue": "email"},
    "facilitation.tasks.send_weekly_email": {"queue": "email"},
}
CELERY_TIMEZONE = TIME_ZONE
# A task a killed worker left unacknowledged goes back on the queue once it is this old (Redis
# transport; kombu's own default is an hour). Every task must finish, and every retry countdown
# must fall due, well within it, or Redis hands the message to a second worker meanwhile: hence
# the time limits below and the cap on email retry backoff (EMAIL_RETRY_BACKOFF_MAX).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "300")),
    "unacked_restore_interval": 10,  # look for such tasks every 10 s
    "unacked_restore_throttle": 1,
    # A broker host that drops packets fails a hand-off in seconds instead of holding a request
    # (the outbox row stays and the relay sends it later).
    "socket_connect_timeout": 5,
}
# The health page (core/health_page.py) fails its beat check once beat's 5-minute tick is older.
HEALTH_BEAT_MAX_AGE = int(env("HEALTH_BEAT_MAX_AGE", "900"))
# Whether the health page checks beat's tick (no beat runs in development: `make run`).
HEALTH_CHECK_BEAT = env_bool("HEALTH_CHECK_BEAT", True)
CELERY_TASK_SOFT_TIME_LIMIT = int(env("CELERY_TASK_SOFT_TIME_LIMIT", "120"))
CELERY_TASK_TIME_LIMIT = int(env("CELERY_TASK_TIME_LIMIT", "150"))
# Alert digests: people per send_digest_batch task (see alerts/digests.py).
ALERTS_DIGEST_BATCH_SIZE = int(env("ALERTS_DIGEST_BATCH_SIZE", "1000"))
# SMTP connections each digest batch sends over at once, a thread each (alerts/digests.py): a
# killed worker may repeat up to this many messages (one per connection).
ALERTS_DIGEST_CONNECTIONS = int(env("ALERTS_DIGEST_CONNECTIONS", "1"))
# The beat run also sends any digest of this many recent periods (the latest included) that is
# due and was never sent: a lost batch or a coordinator that failed is caught up next run.
ALERTS_DIGEST_CATCH_UP_PERIODS = int(env("ALERTS_DIGEST_CATCH_UP_PERIODS", "3"))
# Email delivery (core/delivery.py, alerts/delivery.py): a message the mail server could not take
# is retried with exponential backoff (EMAIL_RETRY_BACKOFF seconds, doubling, capped at
# EMAIL_RETRY_BACKOFF_MAX, which stays below the visibility timeout) for EMAIL_RETRY_HOURS, then
# recorded as undelivered. An address refused 5xx this many times is flagged and skipped by
# alerts and digests until its owner confirms it again. A claim on an alert or digest that was
# never confirmed (its worker died) is taken over, with the same Message-ID, after
# EMAIL_CLAIM_TIMEOUT seconds (longer than one SMTP hand-over can take, see EMAIL_TIMEOUT).
EMAIL_RETRY_HOURS = float(env("EMAIL_RETRY_HOURS", "24"))
EMAIL_RETRY_BACKOFF = float(env("EMAIL_RETRY_BACKOFF", "15"))
EMAIL_RETRY_BACKOFF_MAX = float(env("EMAIL_RETRY_BACKOFF_MAX", "120"))
EMAIL_BOUNCE_LIMIT = int(env("EMAIL_BOUNCE_LIMIT", "3"))
EMAIL_CLAIM_TIMEOUT = float(env("EMAIL_CLAIM_TIMEOUT", "120"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: everything is self-hosted; video embeds are the one framed origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [NONE],
        # The sign-in button posts to us and is redirected to the SSO provider, which
        # form-action also governs.
        "form-action": [SELF, *SSO_ORIGINS],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Uploaded files (forum and blog attachments; see core/files.py). Sizes in bytes.
UPLOADS = {
    "MAX_BYTES": int(env("COP_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))),
    "ALLOWED_EXTENSIONS": env_list(
        "COP_UPLOAD_EXTENSIONS",
        "pdf,doc,docx,odt,rtf,txt,csv,xls,xlsx,ods,ppt,pptx,odp,png,jpg,jpeg,gif,webp,zip",
    ),
}

# News feeds (news app; docs/events-polls-news.md). Fetching is done by Celery beat
# (cop_platform/celery.py) and the facilitator's "Fetch now" button, never on page load.
NEWS_FETCH_INTERVAL_MINUTES = int(env("NEWS_FETCH_INTERVAL_MINUTES", "30"))
NEWS_MAX_ITEMS_PER_FEED = int(env("NEWS_MAX_ITEMS_PER_FEED", "50"))
NEWS_MAX_BYTES = int(env("NEWS_MAX_BYTES", str(2 * 1024 * 1024)))
NEWS_TIMEOUT_SECONDS = float(env("NEWS_TIMEOUT_SECONDS", "10"))  # connect, and each read
NEWS_DEADLINE_SECONDS = float(env("NEWS_DEADLINE_SECONDS", "20"))  # a whole fetch, redirects too
# Networks a feed URL may resolve to although they are not public internet addresses. Empty:
# loopback, private, link-local and metadata addresses are always refused. Only the tests set it,
# to the exact address of their local feed server; it is not a switch to turn SSRF checks off.
NEWS_ALLOWED_NETWORKS = env_list("NEWS_ALLOWED_NETWORKS", "")

# Knowledge (docs/knowledge.md). The document library refuses files over this size and
# files with these extensions (comma separated, no dots), whatever their content.
DOCUMENTS_MAX_UPLOAD_MB = int(env("DOCUMENTS_MAX_UPLOAD_MB", "25"))
DOCUMENTS_BLOCKED_EXTENSIONS = env_list(
    "DOCUMENTS_BLOCKED_EXTENSIONS",
    "exe,com,bat,cmd,msi,msp,scr,pif,cpl,dll,sys,jar,apk,app,dmg,deb,rpm,js,mjs,cjs,jse,vbs,vbe,"
    "wsf,wsh,ps1,psm1,hta,lnk,reg,sh,bash,zsh,csh,py,pyc,pl,rb,php,php3,php4,php5,phtml,phar,asp,"
    "aspx,jsp,cgi,html,htm,xhtml,shtml,mht,mhtml,svg,svgz,xml,xsl,xslt,swf,htaccess",
)
# PostgreSQL text search configuration for the search index (stemming, stop words).
SEARCH_TEXT_CONFIG = env("SEARCH_TEXT_CONFIG", "english")

# Text size choices offered in the header (seed screenshots: small, medium, large "A").
TEXT_SIZES = ("standard", "large", "largest")
TEXT_SIZE_COOKIE = "text_size"

# Every line carries the request id (core/requestid.py). LOG_FORMAT=json writes one JSON object
# per line (the production default), for log collectors; "plain" is for people.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env("LOG_FORMAT", "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The REST API (docs/api.md): requests allowed per token (or per member, with the session) in
# each window of seconds, counted in the cache; the largest request body it reads.
API_RATE_LIMIT_REQUESTS = int(env("API_RATE_LIMIT_REQUESTS", "600"))
API_RATE_LIMIT_WINDOW = int(env("API_RATE_LIMIT_WINDOW", "60"))
API_MAX_BODY_BYTES = int(env("API_MAX_BODY_BYTES", str(256 * 1024)))

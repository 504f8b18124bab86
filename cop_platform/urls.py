from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("communities.urls")),
    path("", include("activity.urls")),
    path("", include("alerts.urls")),
    path("", include("notifications.urls")),
    path("", include("richtext.urls")),
    path("", include("conversations.urls")),
    path("", include("comments.urls")),
    path("", include("forums.urls")),
    path("", include("blogs.urls")),
    path("", include("feeds.urls")),
    path("", include("tags.urls")),
    path("", include("search.urls")),
    path("", include("wikis.urls")),
    path("", include("documents.urls")),
    path("", include("profiles.urls")),
    path("", include("events.urls")),
    path("", include("polls.urls")),
    path("", include("news.urls")),
    path("", include("finding.urls")),
    path("", include("lifecycle.urls")),
    path("", include("facilitation.urls")),
    path("", include("value.urls")),
    path("", include("api.urls")),
    path("", include("inbound.urls")),
    path("django-admin/", admin.site.urls),
    # The language switcher's form (templates/includes/_language.html): a POST that sets the
    # language cookie and returns to `next`; anyone may choose, signed in or not.
    path("i18n/setlang/", login_not_required(require_POST(set_language)), name="set_language"),
]

if "debug_toolbar" in settings.INSTALLED_APPS:
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()

if getattr(settings, "DEV_OUTBOX_DIR", None):
    urlpatterns += [path("dev/outbox/", include("core.outbox_urls"))]

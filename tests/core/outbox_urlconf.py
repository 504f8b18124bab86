"""The site's URLs with the development outbox mounted, as `make run`'s dev settings mount it."""

from django.urls import include, path

from cop_platform.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("dev/outbox/", include("core.outbox_urls"))]

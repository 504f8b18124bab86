"""The platform's URLs plus the floor view, for bench/pages.py."""

from django.urls import path

from bench.floor.views import floor
from cop_platform.urls import urlpatterns as platform

urlpatterns = [path("bench-floor/", floor, name="bench_floor"), *platform]

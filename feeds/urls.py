from django.urls import path, register_converter

from . import views


class FeedFormat:
    regex = "rss|atom"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormat, "feedformat")

app_name = "feeds"
urlpatterns = [
    path("feeds/", views.settings_page, name="settings"),
    path("feeds/regenerate/", views.regenerate, name="regenerate"),
    path("feeds/revoke/", views.revoke, name="revoke"),
    path("feeds/<str:token>/c/<slug:slug>/forum.<feedformat:fmt>", views.forum, name="forum"),
    path(
        "feeds/<str:token>/c/<slug:slug>/forum/t/<int:pk>.<feedformat:fmt>",
        views.topic,
        name="topic",
    ),
    path(
        "feeds/<str:token>/c/<slug:slug>/blog.<feedformat:fmt>",
        views.community_blog,
        name="community_blog",
    ),
    path(
        "feeds/<str:token>/blogs/<str:username>.<feedformat:fmt>",
        views.user_blog,
        name="user_blog",
    ),
    # A community's calendar for calendar apps, which cannot sign in.
    path("feeds/<str:token>/c/<slug:slug>/events.ics", views.events, name="events"),
]

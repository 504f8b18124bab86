from django.urls import path

from . import views

app_name = "activity"
urlpatterns = [
    path("activity/", views.stream, name="stream"),
    path("activity/conversations/", views.conversations, name="conversations"),
    path("activity/metrics/", views.site_metrics, name="site_metrics"),
    path("c/<slug:slug>/activity/", views.community_stream, name="community"),
    path("c/<slug:slug>/metrics/", views.community_metrics, name="community_metrics"),
]

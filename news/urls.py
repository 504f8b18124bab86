from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("c/<slug:slug>/news/", views.index, name="index"),
    path("c/<slug:slug>/news/feeds/", views.feeds, name="feeds"),
    path("c/<slug:slug>/news/feeds/<int:pk>/fetch/", views.fetch_now, name="fetch"),
    path("c/<slug:slug>/news/feeds/<int:pk>/remove/", views.remove, name="remove"),
    path("c/<slug:slug>/news/settings/", views.settings_change, name="settings"),
]

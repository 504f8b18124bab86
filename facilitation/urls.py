from django.urls import path

from . import views

app_name = "facilitation"
urlpatterns = [
    path("c/<slug:slug>/this-week/", views.week, name="week"),
    path("c/<slug:slug>/this-week/requests/<int:pk>/decide/", views.decide, name="request_decide"),
    path("c/<slug:slug>/this-week/ask/<int:pk>/", views.ask, name="ask"),
    path("c/<slug:slug>/this-week/note/<int:user_id>/", views.note, name="note"),
    path("c/<slug:slug>/this-week/settings/", views.week_settings, name="settings"),
    path("c/<slug:slug>/this-week/weekly-email/", views.weekly_email, name="weekly_email"),
]

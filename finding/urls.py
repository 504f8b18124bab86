from django.urls import path

from . import views

app_name = "finding"
urlpatterns = [
    path("c/<slug:slug>/not-interested/", views.dismiss, name="dismiss"),
    path("c/<slug:slug>/welcome/dismiss/", views.checklist_dismiss, name="checklist_dismiss"),
    path("c/<slug:slug>/welcome/starter/", views.starter_read, name="starter_read"),
    path("c/<slug:slug>/newcomers/", views.manage, name="manage"),
    path("c/<slug:slug>/newcomers/introductions/", views.intro_topic, name="intro_topic"),
    path("c/<slug:slug>/forum/<int:pk>/ask/", views.ask, name="ask"),
    path("c/<slug:slug>/asked/<int:pk>/", views.not_now, name="not_now"),
    path("profile/asking/", views.preference, name="preference"),
]

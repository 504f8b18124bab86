from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("helpful/<slug:kind>/<int:pk>/", views.helpful, name="helpful"),
    path("report/<slug:kind>/<int:pk>/", views.report, name="report"),
    path("moderation/", views.site_queue, name="site_queue"),
    path("moderation/reports/<int:pk>/decide/", views.decide, name="decide"),
    path("c/<slug:slug>/moderation/", views.queue, name="queue"),
]

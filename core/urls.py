from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("site-admin/health/", views.health_page, name="health"),
    path("help/", views.help_page, name="help"),
    path("terms/", views.terms, name="terms"),
    path("feedback/", views.feedback, name="feedback"),
    path("preferences/text-size/", views.text_size, name="text_size"),
]

from django.urls import path

from . import views

app_name = "inbound"
urlpatterns = [
    path("inbound/anymail/", views.anymail_inbound, name="anymail"),
]

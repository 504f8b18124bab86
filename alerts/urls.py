from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("alerts/", views.mine, name="mine"),
    path("alerts/subscribe/", views.subscribe, name="subscribe"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("r/<str:signed>/", views.click, name="click"),
]

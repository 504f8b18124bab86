from django.urls import path

from . import views

app_name = "richtext"
urlpatterns = [
    path("files/<str:key>/<str:name>", views.attachment, name="attachment"),
]

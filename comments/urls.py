from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("comments/<slug:kind>/<int:pk>/add/", views.add, name="add"),
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/<int:pk>/restore/", views.restore, name="restore"),
]

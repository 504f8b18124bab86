from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("c/<slug:slug>/documents/", views.index, name="index"),
    path("c/<slug:slug>/documents/upload/", views.upload, name="upload"),
    path("c/<slug:slug>/documents/<int:pk>/", views.detail, name="detail"),
    path("c/<slug:slug>/documents/<int:pk>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/documents/<int:pk>/rate/", views.rate, name="rate"),
    path("c/<slug:slug>/documents/<int:pk>/new-version/", views.version_new, name="version_new"),
    path("c/<slug:slug>/documents/<int:pk>/delete/", views.delete, name="delete"),
    path("c/<slug:slug>/documents/<int:pk>/file/", views.file, name="file"),
    path(
        "c/<slug:slug>/documents/<int:pk>/versions/<int:number>/file/",
        views.version_file,
        name="version_file",
    ),
]

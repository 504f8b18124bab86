from django.urls import path

from . import views

app_name = "wikis"
urlpatterns = [
    path("c/<slug:slug>/wiki/", views.index, name="index"),
    path("c/<slug:slug>/wiki/new/", views.page_new, name="new"),
    path("c/<slug:slug>/wiki/<str:page>/", views.page, name="page"),
    path("c/<slug:slug>/wiki/<str:page>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/wiki/<str:page>/history/", views.history, name="history"),
    path("c/<slug:slug>/wiki/<str:page>/compare/", views.compare, name="compare"),
    path(
        "c/<slug:slug>/wiki/<str:page>/revisions/<int:number>/",
        views.revision,
        name="revision",
    ),
    path(
        "c/<slug:slug>/wiki/<str:page>/revisions/<int:number>/revert/",
        views.revert,
        name="revert",
    ),
    path("c/<slug:slug>/wiki/<str:page>/delete/", views.delete, name="delete"),
]

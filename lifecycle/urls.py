from django.urls import path

from . import views

app_name = "lifecycle"
urlpatterns = [
    path("toolkits/", views.toolkits, name="toolkits"),
    path("toolkits/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("toolkits/<int:pk>/move/", views.task_move, name="task_move"),
    path("toolkits/<int:pk>/retire/", views.task_retire, name="task_retire"),
    path("c/<slug:slug>/toolkit/<int:pk>/tick/", views.tick, name="tick"),
    path("c/<slug:slug>/closedown/", views.closedown, name="closedown"),
    path("c/<slug:slug>/closedown/lessons/", views.lessons_edit, name="lessons_edit"),
    path("c/<slug:slug>/closedown/successor/", views.successor, name="successor"),
    path("c/<slug:slug>/closedown/read-only/", views.read_only, name="read_only"),
    path("c/<slug:slug>/closedown/notice/", views.notice, name="notice"),
    path("c/<slug:slug>/lessons-learned/", views.lessons, name="lessons"),
    path("c/<slug:slug>/archive/", views.archive, name="archive"),
    path("c/<slug:slug>/archive/build/", views.archive_build, name="archive_build"),
    path(
        "c/<slug:slug>/archive/<int:pk>/download/",
        views.archive_download,
        name="archive_download",
    ),
]

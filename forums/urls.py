from django.urls import path

from . import views

app_name = "forums"
urlpatterns = [
    path("c/<slug:slug>/forum/", views.index, name="index"),
    path("c/<slug:slug>/forum/new/", views.topic_new, name="topic_new"),
    path("c/<slug:slug>/forum/t/<int:pk>/", views.topic, name="topic"),
    path("c/<slug:slug>/forum/t/<int:pk>/reply/", views.reply, name="reply"),
    path("c/<slug:slug>/forum/t/<int:pk>/delete/", views.topic_delete, name="topic_delete"),
    path("c/<slug:slug>/forum/t/<int:pk>/restore/", views.topic_restore, name="topic_restore"),
    path("c/<slug:slug>/forum/t/<int:pk>/pin/", views.topic_pin, name="topic_pin"),
    path("c/<slug:slug>/forum/t/<int:pk>/lock/", views.topic_lock, name="topic_lock"),
    path("c/<slug:slug>/forum/t/<int:pk>/answer/", views.topic_answer, name="topic_answer"),
    path("c/<slug:slug>/forum/p/<int:pk>/", views.post_permalink, name="post"),
    path("c/<slug:slug>/forum/p/<int:pk>/reply/", views.post_reply, name="post_reply"),
    path("c/<slug:slug>/forum/p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("c/<slug:slug>/forum/p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("c/<slug:slug>/forum/p/<int:pk>/restore/", views.post_restore, name="post_restore"),
]

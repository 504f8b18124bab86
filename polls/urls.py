from django.urls import path

from . import views

app_name = "polls"
urlpatterns = [
    path("c/<slug:slug>/polls/", views.index, name="index"),
    path("c/<slug:slug>/polls/new/", views.new, name="new"),
    path("c/<slug:slug>/polls/<int:pk>/", views.detail, name="detail"),
    path("c/<slug:slug>/polls/<int:pk>/vote/", views.vote, name="vote"),
    path("c/<slug:slug>/polls/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("c/<slug:slug>/polls/<int:pk>/close/", views.close, name="close"),
    path("c/<slug:slug>/polls/<int:pk>/delete/", views.delete, name="delete"),
]

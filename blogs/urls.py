from django.urls import path

from . import views

app_name = "blogs"
urlpatterns = [
    path("blogs/", views.index, name="index"),
    path("blogs/new/", views.entry_new, name="entry_new"),
    path("blogs/settings/active/", views.set_active, name="set_active"),
    path("blogs/<str:username>/", views.user_blog, name="user"),
    path("blogs/<str:username>/<int:pk>/", views.entry, name="entry"),
    path("blogs/<str:username>/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("blogs/<str:username>/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("c/<slug:slug>/blog/", views.community, name="community"),
]

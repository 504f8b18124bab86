from django.urls import path

from . import views

app_name = "tags"
urlpatterns = [
    path("tags/", views.all_tags, name="all"),
    path("tags/item/<slug:kind>/<int:pk>/add/", views.add, name="add"),
    path("tags/item/<slug:kind>/<int:pk>/remove/<str:tag>/", views.remove, name="remove"),
    path("tags/<str:tag>/", views.tag_page, name="tag"),
]

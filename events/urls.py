from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    # Across the communities the member belongs to.
    path("events/", views.mine, name="mine"),
    # One community's events (the "Events" tab).
    path("c/<slug:slug>/events/", views.index, name="index"),
    path("c/<slug:slug>/events/calendar/", views.calendar_month, name="calendar"),
    path("c/<slug:slug>/events/past/", views.past, name="past"),
    path("c/<slug:slug>/events/new/", views.new, name="new"),
    path("c/<slug:slug>/events/<int:pk>/", views.detail, name="detail"),
    path("c/<slug:slug>/events/<int:pk>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/events/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("c/<slug:slug>/events/<int:pk>/delete/", views.delete, name="delete"),
    path("c/<slug:slug>/events/<int:pk>/attend/", views.attend, name="attend"),
    path("c/<slug:slug>/events/<int:pk>/leave/", views.leave, name="leave"),
    path("c/<slug:slug>/events/<int:pk>/event.ics", views.ics, name="ics"),
]

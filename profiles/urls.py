from django.urls import path

from . import message_views, views

app_name = "profiles"
urlpatterns = [
    # The people finder and other members' profiles (addressed by their handle).
    path("people/", views.finder_page, name="finder"),
    path("people/<str:username>/", views.detail, name="detail"),
    path("people/<str:username>/photo/", views.photo, name="photo"),
    path("people/<str:username>/contact/", views.contact_add, name="contact_add"),
    path("people/<str:username>/contact/remove/", views.contact_remove, name="contact_remove"),
    path("people/<str:username>/block/", views.block, name="block"),
    path("people/<str:username>/unblock/", views.unblock, name="unblock"),
    # My profile: Personal details | Messages | My communities | My alerts (the alerts app)
    # | My blog (the blogs app) | My contacts
    path("profile/", views.me, name="me"),
    path("profile/edit/", views.edit, name="edit"),
    path("profile/photo/", views.photo_edit, name="photo_edit"),
    path("profile/photo/remove/", views.photo_remove, name="photo_remove"),
    path("profile/people-like-me/", views.like_me, name="like_me"),
    path("profile/contacts/", views.contacts, name="contacts"),
    path("profile/blocked/", views.blocked, name="blocked"),
    path("profile/communities/", views.my_communities, name="my_communities"),
    path("profile/data/", views.data, name="data"),
    path("profile/data/download/", views.data_download, name="data_download"),
    path("profile/delete/", views.delete_account, name="delete"),
    # Private messages.
    path("messages/", message_views.inbox, name="inbox"),
    path("messages/archived/", message_views.archived, name="archived"),
    path("messages/new/<str:username>/", message_views.compose, name="compose"),
    path("messages/<int:pk>/", message_views.conversation, name="conversation"),
    path("messages/<int:pk>/archive/", message_views.archive, name="archive"),
    path("messages/<int:pk>/unarchive/", message_views.unarchive, name="unarchive"),
]

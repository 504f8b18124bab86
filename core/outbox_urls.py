from django.urls import path

from . import outbox

app_name = "outbox"
urlpatterns = [
    path("", outbox.outbox_list, name="list"),
    path("<str:message_id>/", outbox.outbox_detail, name="detail"),
]

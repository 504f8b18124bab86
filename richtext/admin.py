from django.contrib import admin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "content_type", "size", "uploaded_by", "created"]
    readonly_fields = [
        "key",
        "owner_type",
        "owner_id",
        "file",
        "content_type",
        "size",
        "uploaded_by",
    ]

from django.contrib import admin

from .models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["created", "actor", "verb", "title", "community", "target_hidden"]
    list_filter = ["verb", "target_hidden", "subject_hidden"]
    search_fields = ["title", "actor__name"]
    raw_id_fields = ["actor", "community"]
    date_hierarchy = "created"
    readonly_fields = ["target_type", "target_id", "subject_type", "subject_id"]

"""Admin: the managed list of service areas, and a deliberately narrow view of profiles.

Contact details, photos, contacts, blocks and private messages are not in the admin at all:
site admins moderate content, they do not read people's private details or conversations.
"""

from django.contrib import admin

from .models import Profile, ServiceArea


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "job_title", "organisation", "region", "hidden_from_finder"]
    list_filter = ["region", "hidden_from_finder"]
    search_fields = ["user__name", "organisation"]
    list_select_related = ["user"]
    fields = [
        "user",
        "job_title",
        "organisation",
        "location",
        "region",
        "bio",
        "hidden_from_finder",
    ]
    readonly_fields = ["user"]

    def has_add_permission(self, request):
        return False  # every user gets one automatically

"""Admin: the managed list of service areas, a deliberately narrow view of profiles, and people
(closed, never deleted).

Contact details, photos, contacts, blocks and private messages are not in the admin at all:
site admins moderate content, they do not read people's private details or conversations.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User

from . import services
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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """People are closed, never deleted, from the admin: deleting a user row would take their
    posts, ratings, votes and sign-ups with it by cascade and leave counts behind it wrong.
    Closing keeps what they contributed as "Former member" (services.account_delete,
    the same as closing one's own account)."""

    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name", "username"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Profile", {"fields": ["name"]}))
    actions = ["close_accounts"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Close the selected accounts (their posts stay, as Former member)"))
    def close_accounts(self, request, queryset):
        closed = 0
        for user in queryset.filter(is_active=True):
            if user.pk == request.user.pk:
                self.message_user(
                    request, _("Close your own account from your profile."), messages.ERROR
                )
                continue
            services.account_delete(user=user)
            closed += 1
        self.message_user(
            request,
            ngettext("%(count)s account(s) closed.", "%(count)s account(s) closed.", closed)
            % {"count": closed},
            messages.SUCCESS,
        )

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """People are closed, never deleted, from the admin: deleting a user row would take their
    posts, ratings, votes and sign-ups with it by cascade and leave counts behind it wrong.
    Closing keeps what they contributed as "Former member" (profiles.services.account_delete,
    the same as closing one's own account)."""

    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name", "username"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Profile", {"fields": ["name"]}))
    actions = ["close_accounts"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Close the selected accounts (their posts stay, as Former member)")
    def close_accounts(self, request, queryset):
        from profiles.services import account_delete

        closed = 0
        for user in queryset.filter(is_active=True):
            if user.pk == request.user.pk:
                self.message_user(
                    request, "Close your own account from your profile.", messages.ERROR
                )
                continue
            account_delete(user=user)
            closed += 1
        self.message_user(request, f"{closed} account(s) closed.", messages.SUCCESS)

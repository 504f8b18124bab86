from django.contrib import admin

from .models import SignInPolicy


@admin.register(SignInPolicy)
class SignInPolicyAdmin(admin.ModelAdmin):
    """One policy row: admins edit it, never add a second or delete it."""

    fields = ["allowed_signup_domains", "require_two_factor_for_staff"]

    def has_add_permission(self, request):
        return not SignInPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

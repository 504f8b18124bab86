from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AlertPreferences, EmailFailure, SentAlert, SentDigest, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "target_type", "target_id", "feature", "frequency", "created"]
    list_filter = ["frequency", "target_type"]
    raw_id_fields = ["user"]


@admin.register(AlertPreferences)
class AlertPreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "default_frequency", "paused"]
    raw_id_fields = ["user"]


@admin.register(SentDigest)
class SentDigestAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "kind",
        "period_start",
        "status",
        "attempts",
        "item_count",
        "claimed_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    raw_id_fields = ["user"]


@admin.register(SentAlert)
class SentAlertAdmin(admin.ModelAdmin):
    list_display = ["user", "activity", "status", "attempts", "claimed_at", "sent_at", "last_error"]
    list_filter = ["status"]
    raw_id_fields = ["user", "activity"]


class FlaggedFilter(admin.SimpleListFilter):
    title = _("flagged")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", _("Flagged: not sent to")), ("no", _("Not flagged"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(flagged_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(flagged_at__isnull=True)
        return queryset


@admin.register(EmailFailure)
class EmailFailureAdmin(admin.ModelAdmin):
    """Addresses the mail server refused (5xx) or that emails were given up on; a flagged address
    gets no alerts or digests until its owner confirms it again (or an admin clears the flag)."""

    list_display = [
        "address",
        "user",
        "refusals",
        "undelivered",
        "code",
        "message",
        "last_at",
        "flagged_at",
    ]
    list_filter = [FlaggedFilter]
    search_fields = ["address"]
    raw_id_fields = ["user"]
    readonly_fields = ["first_at", "last_at"]
    actions = ["clear_flag"]

    @admin.action(description=_("Send to these addresses again (clear the flag and count)"))
    def clear_flag(self, request, queryset):
        count = queryset.update(flagged_at=None, refusals=0)
        self.message_user(
            request,
            ngettext(
                "%(count)s address(es) will get alerts and digests again.",
                "%(count)s address(es) will get alerts and digests again.",
                count,
            )
            % {"count": count},
        )

from django.contrib import admin

from .models import AlertPreferences, SentAlert, SentDigest, Subscription


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
    list_display = ["user", "kind", "period_start", "item_count", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]


@admin.register(SentAlert)
class SentAlertAdmin(admin.ModelAdmin):
    list_display = ["user", "activity", "sent_at"]
    raw_id_fields = ["user", "activity"]

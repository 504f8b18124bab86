from django.contrib import admin

from .models import InboundMessage
from .services import process


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("received_at", "sender", "status", "reason", "via", "size", "user")
    list_filter = ("status", "reason", "via")
    search_fields = ("sender", "key")
    readonly_fields = [f.name for f in InboundMessage._meta.fields if f.name != "raw"]
    exclude = ("raw",)
    actions = ["process_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Process again (failed messages)")
    def process_again(self, request, queryset):
        failed = queryset.filter(status=InboundMessage.Status.FAILED)
        pks = list(failed.values_list("pk", flat=True))
        failed.update(status=InboundMessage.Status.RECEIVED)
        for pk in pks:
            process(pk)
        self.message_user(request, f"Processed {len(pks)} messages again.")

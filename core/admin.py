from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created", "author", "page"]
    readonly_fields = ["created", "author", "page", "message"]

from django.contrib import admin

from .models import Community, Invitation, Membership, MembershipRequest, StageChange


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "status",
        "visibility",
        "stage",
        "member_count",
        "parent",
        "last_activity_at",
    ]
    list_filter = ["status", "visibility", "stage"]
    search_fields = ["name", "domain"]
    readonly_fields = ["member_count", "last_activity_at", "depth"]
    raw_id_fields = ["parent", "proposed_by", "reviewed_by"]
    inlines = [MembershipInline]


@admin.register(MembershipRequest)
class MembershipRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "state", "created", "decided_at"]
    list_filter = ["state"]
    raw_id_fields = ["user", "community", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["community", "user", "email", "state", "created", "expires_at"]
    list_filter = ["state"]
    raw_id_fields = ["community", "user", "invited_by"]
    exclude = ["token"]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["community", "from_stage", "to_stage", "changed_by", "created"]
    raw_id_fields = ["community", "changed_by"]

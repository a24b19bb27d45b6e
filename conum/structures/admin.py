from django.contrib import admin

from .models import HostStructure, StructureApplication


@admin.register(HostStructure)
class HostStructureAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "type", "departement"]
    search_fields = ["name", "siret"]
    list_filter = ["type", "departement"]
    raw_id_fields = ["commune"]


@admin.register(StructureApplication)
class StructureApplicationAdmin(admin.ModelAdmin):
    """Read-only: decisions go through the workflow, which checks quotas and the envelope."""

    list_display = ["structure", "status", "posts_requested", "posts_granted", "submitted_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from .models import DepartementQuota, MinimumWage, ProgrammeParameters, TrainingTrack

admin.site.register(ProgrammeParameters)
admin.site.register(MinimumWage)
admin.site.register(TrainingTrack)


@admin.register(DepartementQuota)
class DepartementQuotaAdmin(admin.ModelAdmin):
    list_display = ["departement", "posts"]
    readonly_fields = ["departement", "posts"]  # edited through the programme pages, which check the target

    def has_add_permission(self, request):
        return False

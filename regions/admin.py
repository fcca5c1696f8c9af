"""Regions in the admin: read-only, because `import_regions` owns them."""

from django.contrib import admin

from regions.models import Desa, Kabupaten, Kecamatan, Provinsi


class ReadOnlyRegionAdmin(admin.ModelAdmin):
    search_fields = ["code", "name"]
    list_display = ["code", "name"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(Provinsi)
class ProvinsiAdmin(ReadOnlyRegionAdmin):
    pass


@admin.register(Kabupaten)
class KabupatenAdmin(ReadOnlyRegionAdmin):
    list_display = ["code", "name", "kind", "provinsi"]
    list_filter = ["kind"]
    list_select_related = ["provinsi"]


@admin.register(Kecamatan)
class KecamatanAdmin(ReadOnlyRegionAdmin):
    list_display = ["code", "name", "kabupaten"]
    list_select_related = ["kabupaten"]


@admin.register(Desa)
class DesaAdmin(ReadOnlyRegionAdmin):
    list_display = ["code", "name", "kind", "postal_code", "kecamatan"]
    list_filter = ["kind"]
    list_select_related = ["kecamatan"]

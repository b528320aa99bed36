from django.contrib import admin

from access.permissions import can, offices_of, offices_with_right
from agenda.admin import AgencyAdmin
from agenda.models import Agency, MonthlyPlan
from issuing.admin import RegisterEntryAdmin, RevisionAdmin
from issuing.models import RegisterEntry, Revision
from meetings.admin import ItemAdmin, RegularSessionAdmin
from meetings.models import Item, RegularSession
from programme.admin import MonthlyPlanAdmin


class PlanRights:
    """The admin of a plan or one of its parts asks access.permissions, as the workspace does.

    Staff status opens the admin, but the role decides what a plan shows and who may change it; on top
    of that the admin keeps its own lock (agenda.admin.LockedWhenPublished: drafts only). Registered here
    because agenda, the lower layer, knows nothing of roles.
    """

    def get_queryset(self, request):
        """Only the plans (and their parts) of the offices where the user may see plans: another office's
        drafts are not listed, and their pages answer 404."""
        offices = offices_with_right(request.user, "plan.view")
        office_field = "office" if self.model is MonthlyPlan else "plan__office"
        return super().get_queryset(request).filter(**{f"{office_field}__in": offices})

    def _may(self, request, obj, action):
        return can(request.user, getattr(obj, "plan", obj), action)  # no object: the list and add pages

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj, "view") and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        obj = args[0] if args else None
        return self._may(request, obj, "edit") and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj, "edit") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj, "edit") and super().has_delete_permission(request, obj)


admin.site.unregister([MonthlyPlan, Item, RegularSession])


@admin.register(MonthlyPlan)
class PlanAdmin(PlanRights, MonthlyPlanAdmin):
    pass


@admin.register(Item)
class PlanItemAdmin(PlanRights, ItemAdmin):
    pass


@admin.register(RegularSession)
class PlanSessionAdmin(PlanRights, RegularSessionAdmin):
    pass


class OwnOfficesOnly:
    """Rows of the offices where the user holds a role: an office's staff never list another office's
    agencies, revisions or register (the system administrator, a superuser, lists every office's)."""

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(office__in=[office.pk for office in offices_of(request.user)])


admin.site.unregister([Agency, Revision, RegisterEntry])


@admin.register(Agency)
class OfficeAgencyAdmin(OwnOfficesOnly, AgencyAdmin):
    pass


@admin.register(Revision)
class OfficeRevisionAdmin(OwnOfficesOnly, RevisionAdmin):
    pass


@admin.register(RegisterEntry)
class OfficeRegisterEntryAdmin(OwnOfficesOnly, RegisterEntryAdmin):
    pass

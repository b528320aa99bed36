"""The office's leaders (who the weeks name) and its week settings, in the workspace: the office's editors,
approver and administrator keep the leaders; the approver or the administrator set the settings (who publishes)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from access.decorators import office_workspace
from access.permissions import has_right, require_right
from weekly.forms import LeaderForm, WeekSettingsForm
from weekly.models import Leader, WeekSettings


@office_workspace
def leaders(request, office):
    """The list of leaders, a form to add one, and the office's week settings."""
    require_right(request.user, "week.leaders", office)
    week_settings = WeekSettings.for_office(office)
    can_set = has_right(request.user, "week.settings", office)
    form = LeaderForm(request.POST if request.POST.get("form") == "leader" else None, office=office)
    settings_form = WeekSettingsForm(
        request.POST if request.POST.get("form") == "settings" and can_set else None, instance=week_settings
    )
    if request.method == "POST" and form.is_bound:
        if form.is_valid():
            leader = form.save()
            messages.success(request, _("Đã thêm %(leader)s.") % {"leader": leader})
            return redirect("weekly_workspace:leaders", office)
        messages.error(request, _("Chưa lưu được: hãy sửa các lỗi được đánh dấu bên dưới."))
    elif request.method == "POST" and request.POST.get("form") == "settings":
        require_right(request.user, "week.settings", office)
        if settings_form.is_valid():
            settings_form.save()
            messages.success(request, _("Đã lưu cài đặt lịch tuần."))
            return redirect("weekly_workspace:leaders", office)
    context = {
        "leaders": Leader.objects.of(office).order_by("order", "pk"),
        "form": form,
        "settings_form": settings_form,
        "can_set": can_set,
    }
    return render(request, "weekly/workspace/leaders.html", context)


@office_workspace
def leader_edit(request, office, pk):
    """A leader's name, title, portfolio, order and time in office; the slug stays (their calendar's address).
    Past weeks keep the name and title they were published with."""
    require_right(request.user, "week.leaders", office)
    leader = get_object_or_404(Leader.objects.of(office), pk=pk)
    form = LeaderForm(request.POST or None, instance=leader, office=office)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu %(leader)s.") % {"leader": leader})
            return redirect("weekly_workspace:leaders", office)
        messages.error(request, _("Chưa lưu được: hãy sửa các lỗi được đánh dấu bên dưới."))
    return render(request, "weekly/workspace/leader_form.html", {"form": form, "leader": leader})

"""A department's dossier page: which of its items it shows, and where it shows one."""

from django.db.models import Q
from django.urls import reverse

from access.permissions import items_for_department
from agenda import dates
from agenda.models import MonthlyPlan

#: A department's dossier page shows the working copies, this month, the months ahead and this many before;
#: older plans one year a page (?nam=), so that the page does not grow with the agency's history.
DEPARTMENT_RECENT_MONTHS = 3


def department_window_start(today):
    """(year, month) of the first issued plan on a department's dossier page without ?nam=."""
    return dates.shift_month(today.year, today.month, -DEPARTMENT_RECENT_MONTHS)


def items_for_department_page(user, office, today, year=None):
    """The department's items on its dossier page: those of working copies and of the plans from
    department_window_start() on, or (``year``) those of that year's plans. Without the default ordering,
    which joins the plan to sort; the page sorts them."""
    items = items_for_department(user, office).order_by()
    if year is not None:
        return items.filter(plan__year=year)
    return items.filter(
        Q(plan__status__in=MonthlyPlan.WORKING_STATUSES) | dates.from_month(*department_window_start(today))
    )


def department_page_url(item, today):
    """Where the department's dossier page shows ``item``: the page of its year when it is older
    than the window."""
    plan = item.plan
    url = reverse("dossiers:department", args=[plan.office])
    if not plan.is_working and (plan.year, plan.month) < department_window_start(today):
        url = f"{url}?nam={plan.year}"
    return f"{url}#hs-{item.pk}"

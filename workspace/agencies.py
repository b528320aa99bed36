"""Adding an agency from the editing page, when the one an item needs is missing from the list. Each office
has its own directory: names are compared, and the agency added, within the office (the first by default).

A name equal to an existing one once diacritics and case are set aside ("So Noi vu", "sở nội vụ")
is most likely that agency: the editor is warned and must confirm before a new one is made.

Two requests adding agencies at the same moment (a double click, two editors) are taken one after the
other: the second sees the first's agency, so the same name is refused and a name that folds to the same
slug gets the next one, instead of a unique-constraint error.
"""

from django import forms
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.permissions import require_right
from agenda.models import Agency, Office
from agenda.text import fold


class AgencyAddForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên cơ quan"), max_length=200)
    short_name = forms.CharField(label=gettext_lazy("Tên viết tắt"), max_length=100, required=False)
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Agency.objects.of(self.office).filter(name__iexact=name).exists():
            raise forms.ValidationError(AgencyExistsError(name).message)
        return name


class AgencyExistsError(Exception):
    def __init__(self, name):
        self.message = _("Đã có cơ quan “%(name)s” trong danh mục.") % {"name": name}
        super().__init__(self.message)


def similar_agencies(office, name):
    """The agencies of ``office`` whose name reads the same as ``name`` without diacritics and case."""
    folded = " ".join(fold(name).split())
    return [agency for agency in Agency.objects.of(office) if " ".join(fold(agency.name).split()) == folded]


def add_agency(office, name, short_name=""):
    """The new agency ``name`` of ``office``; AgencyExistsError when it has an agency of that name (case aside).

    Additions wait for each other on the office's row (as the register's numbers do, issuing.services), so
    the check and the slug see an agency added a moment before; an insert refused all the same (an agency
    saved at that moment by the admin or an import) is retried with a fresh slug in a savepoint."""
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        for attempt in range(3):
            if Agency.objects.of(office).filter(name__iexact=name).exists():
                raise AgencyExistsError(name)
            kind = Agency.guess_kind(name)
            agency = Agency(office=office, name=name, short_name=short_name or name, kind=kind)
            try:
                with transaction.atomic():
                    agency.save()
            except IntegrityError:
                if attempt == 2:
                    raise
            else:
                return agency


def _agency_json(agency):
    return {"id": agency.pk, "name": agency.name, "short_name": agency.short_name}


@require_POST
@office_workspace
def agency_add(request, office):
    """POST name, short_name[, confirm]: 201 with the office's new agency; 409 with a warning when a similar
    one exists."""
    require_right(request.user, "agency.add", office)
    form = AgencyAddForm(request.POST, office=office)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return JsonResponse({"errors": errors}, status=400)
    name, short_name = form.cleaned_data["name"], form.cleaned_data["short_name"]
    similar = similar_agencies(office, name)
    if similar and not form.cleaned_data["confirm"]:
        warning = _("Đã có cơ quan trùng tên khi bỏ dấu: %(names)s. Vẫn thêm cơ quan mới?") % {
            "names": ", ".join(agency.name for agency in similar)
        }
        return JsonResponse({"warning": warning, "similar": [_agency_json(a) for a in similar]}, status=409)
    try:
        agency = add_agency(office, name, short_name)
    except AgencyExistsError as error:
        return JsonResponse({"errors": [error.message]}, status=400)
    return JsonResponse(_agency_json(agency), status=201)

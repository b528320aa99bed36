"""Import a programme written in the official layout (.docx, .pdf text layer, .txt).

:func:`import_programme` turns a file's bytes into the interchange data that
:func:`programme.services.load_plan` loads, checked by the same validation
(:func:`programme.interchange.parse_plan_data`). Its result lists every problem with its
place in the source; problems that keep the data from being loaded (not a programme,
no month, an interchange rule broken) raise :class:`ImportRefused` instead.

- ``extract``: one text reader per format, each giving numbered source lines;
- ``layout``: the official layout read back into header, paragraphs and closing;
- ``programme``: paragraphs placed into the interchange sections;
- ``agencies``: agency names matched against the importing office's directory.
"""

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agenda.models import MonthlyPlan, Office
from agenda.text import fold
from programme.importing import layout
from programme.importing.agencies import AgencyDirectory
from programme.importing.extract import ExtractionError, extract_lines
from programme.importing.programme import Builder
from programme.interchange import InterchangeError, parse_plan_data


class ImportRefused(Exception):
    """The file cannot become a plan; ``problems`` says why (Vietnamese, each with its place)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class ImportResult:
    data: dict
    #: what the import reported but could still place or leave out, each "place: message"
    problems: list = field(default_factory=list)
    #: written name -> places, for agencies that match nothing (or several) in the directory
    unknown_agencies: dict = field(default_factory=dict)
    #: the source as read: (place, text) of every line, for the review screen
    source: list = field(default_factory=list)


def import_programme(content, filename, *, year=None, month=None, office=None, directory=None):
    """Read ``content`` (the bytes of ``filename``) into interchange data for ``office`` (the first office by
    default): its agencies, headings and heading lines are what the file is read against. ``office`` may be a
    function that finds it (a command's ``--office``): it is asked only once the file is known to have text, so
    that a file refused for its form is refused without the database.

    ``year``/``month`` override the month read from the title. Raises :class:`ImportRefused`.
    """
    try:
        source = extract_lines(content, filename)
    except ExtractionError as error:
        raise ImportRefused([str(error)]) from error
    office = (office() if callable(office) else office) or Office.objects.get_solo()
    lines = layout.clean_lines(source)
    if not lines:
        raise ImportRefused([_("Tệp %(file)s không có nội dung chữ.") % {"file": filename}])
    try:
        read = layout.read_layout(lines)
    except layout.NotAProgramme as error:
        raise ImportRefused(
            [_("Tệp %(file)s không phải là chương trình công tác: %(reason)s") % {"file": filename, "reason": error}]
        ) from error

    builder = Builder(read, directory or AgencyDirectory(office=office), office.headings)
    sections = builder.build()
    data = _data(read, builder, sections, office, year, month)
    try:
        parse_plan_data(data)
    except InterchangeError as error:
        raise ImportRefused(read.problems + [_placed(problem, builder.places) for problem in error.problems]) from error
    return ImportResult(
        data=data,
        problems=read.problems,
        unknown_agencies=builder.unknown_agencies,
        source=[(line.place, line.text) for line in source],
    )


def _data(read, builder, sections, office, year, month):
    title_year, title_month = layout.month_of_title(read.title)
    year, month = year or title_year, month or title_month
    if year is None or month is None:
        raise ImportRefused(
            read.problems
            + [_("Không xác định được tháng: tiêu đề không ghi “tháng … năm …”; hãy chỉ rõ năm và tháng.")]
        )
    header = read.header
    data = {
        "issuer": {**_issuer(header.get("bodies", []), office), "place": header.get("place", office.place)},
        "year": year,
        "month": month,
        "title": read.title or MonthlyPlan.default_title(year, month, office),
    }
    _check_issuer(read, data["issuer"], office)
    builder.places["title"] = read.title_place or _("phần đầu văn bản")
    if header.get("number"):
        data["number"] = header["number"]
    if header.get("issue_date"):
        data["issue_date"] = header["issue_date"].isoformat()
    headings = builder.plan_headings()
    if headings:
        data["headings"] = headings
    data["agencies"] = builder.used_agencies()
    data.update(sections)
    data["recipients"] = [text for text, _place in read.recipients]
    for index, (_text, place) in enumerate(read.recipients):
        builder.places[f"recipients[{index}]"] = place
    data["signer"] = read.signer
    builder.places["signer"] = read.signer_place or _("cuối văn bản (khối chữ ký)")
    return data


def _issuer(bodies, office):
    """The parent body and the issuing body of the header's upper-case lines ``bodies``.

    The lines split as the office's own heading does when they read as it (a commune's People's Committee
    has no parent body line, and its name may take two: "ỦY BAN NHÂN DÂN" / "XÃ TÂN YÊN"); else the first
    line is the parent body when the office has one, and the rest the issuing body."""
    ours = {"parent_body": office.parent_body, "name": office.name}
    if not bodies:
        return ours
    written = " ".join(bodies)
    if fold(written).split() == fold(f"{office.parent_body} {office.name}").split():
        return ours
    if not office.parent_body or len(bodies) == 1:
        return {"parent_body": "", "name": written}
    return {"parent_body": bodies[0], "name": " ".join(bodies[1:])}


def _check_issuer(read, issuer, office):
    """A programme of another issuing body is reported: it would be loaded as the Office's own."""
    ours = {"parent_body": office.parent_body, "name": office.name, "place": office.place}
    if fold(" ".join(issuer.values())).split() != fold(" ".join(ours.values())).split():
        read.problem(
            _("phần đầu văn bản"),
            _("cơ quan ban hành trong tệp (%(file)s) khác với cơ quan đã cấu hình (%(ours)s).")
            % {"file": ", ".join(filter(None, issuer.values())), "ours": ", ".join(filter(None, ours.values()))},
        )


def _placed(problem, places):
    """ "chairman_items[3].agencies: …" -> "dòng 57 (chairman_items[3].agencies): …"."""
    path, separator, message = problem.partition(": ")
    if not separator:
        return problem
    candidates = [key for key in places if path == key or path.startswith((key + ".", key + "["))]
    if not candidates:
        return problem
    place = places[max(candidates, key=len)]
    return f"{place} ({path}): {message}" if place else problem


def apply_agency_choices(data, choices):
    """``data`` with each unknown agency name replaced by the directory agency chosen for it.

    ``choices`` maps a name as written to an :class:`~agenda.models.Agency`, or to None to create
    the agency under that name (``load_plan`` creates it, its name as short name).
    """
    data = json.loads(json.dumps(data))
    short_names = {entry["name"]: entry["short_name"] for entry in data["agencies"]}
    for agency in choices.values():
        if agency is not None:
            short_names[agency.name] = agency.short_name

    def rename(names):
        renamed = [choices[name].name if choices.get(name) is not None else name for name in names]
        return list(dict.fromkeys(renamed))

    entries = [item for session in data["regular_sessions"] for item in session["items"]]
    entries += data["chairman_items"] + data["conferences"]
    for entry in entries:
        entry["agencies"] = rename(entry["agencies"])
    used = dict.fromkeys(name for entry in entries for name in entry["agencies"])
    data["agencies"] = [{"name": name, "short_name": short_names.get(name, name)} for name in used]
    return data

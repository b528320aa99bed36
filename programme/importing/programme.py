"""From a read :class:`~programme.importing.layout.Layout` to the interchange data.

Each paragraph is placed by what precedes it: a part heading followed by a roman group
is part B, otherwise part A; a group is the regular sessions when its heading carries a
date or "Phiên ngày" follows it, the conferences when its heading is the Office's or its
items start with a date, otherwise the items for the Chairman. The headings as written
become the plan's ``headings`` when they differ from the Office's.
"""

import itertools

from django.utils.translation import gettext as _

from agenda.text import fold
from programme.importing import layout


class Builder:
    """Places the paragraphs of a read layout into the sections of the interchange data."""

    def __init__(self, read, directory, office_headings):
        self.read = read
        self.directory = directory
        self.office_headings = office_headings
        self.headings = {}
        self.data = {
            "priority_tasks": [],
            "regular_sessions": [],
            "chairman_items": [],
            "conferences": [],
        }
        #: interchange path -> place in the source, to name places in validation problems
        self.places = {}
        self.unknown_agencies = {}
        self.agencies = {}  # name -> short name, in order of first use
        #: the index of the task that carried the "./." closing the content (no part B follows)
        self.closed_task = None

    def problem(self, place, message):
        self.read.problem(place, message)

    def build(self):
        paragraphs = self.read.paragraphs
        section, session = None, None
        for index, paragraph in enumerate(paragraphs):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if paragraph.kind == "part":
                section, session = self._part(paragraph, following), None
            elif paragraph.kind == "group":
                section, session = self._group(paragraph, paragraphs[index + 1 :]), None
                if section == "regular_sessions":
                    session = self._heading_session(paragraph)
            elif paragraph.kind == "session":
                session = self._session(paragraph) if section == "regular_sessions" else None
                if section != "regular_sessions":
                    self._unplaced(paragraph)
            elif section == "priority_tasks":
                self._task(paragraph)
            elif section == "regular_sessions" and session is not None:
                self._item(paragraph, session["items"], f"regular_sessions[{self._index(session)}].items")
            elif section == "chairman_items":
                self._item(paragraph, self.data["chairman_items"], "chairman_items")
            elif section == "conferences":
                self._conference(paragraph)
            else:
                self._unplaced(paragraph)
        self._settle_closed_task()
        return self.data

    # --- sections

    def _part(self, paragraph, following):
        key = "meetings" if following is not None and following.kind == "group" else "priority_tasks"
        self._heading(key, paragraph)
        return key if key == "priority_tasks" else None

    def _group(self, paragraph, rest):
        text = paragraph.text
        if layout.HEADING_DATE.match(text) or (rest and rest[0].kind == "session"):
            return "regular_sessions"
        written = fold(text.rstrip(":"))
        for key in ("chairman_items", "conferences", "regular_sessions"):
            if written == fold(self.office_headings[key]):
                self._heading(key, paragraph)
                return key
        items = itertools.takewhile(lambda p: p.kind not in ("group", "part"), rest)
        dated = any(p.kind == "numbered" and layout.DATED.match(p.text) for p in items)
        key = "conferences" if dated else "chairman_items"
        self._heading(key, paragraph)
        return key

    def _heading(self, key, paragraph, text=None):
        self.headings[key] = (text if text is not None else paragraph.text).rstrip(":").strip()
        self.places[f"headings.{key}"] = paragraph.place
        self.places.setdefault(key, paragraph.place)

    def _heading_session(self, paragraph):
        match = layout.HEADING_DATE.match(paragraph.text)
        if match is None:
            self._heading("regular_sessions", paragraph)
            return None
        self._heading("regular_sessions", paragraph, match.group(1))
        return self._new_session(layout.parse_date(match, paragraph.place, self.read, offset=2), paragraph)

    def _session(self, paragraph):
        match = layout.DATED.match("Ngày " + paragraph.text)
        if match is None:
            self.problem(paragraph.place, _("phiên họp không có ngày dạng “Phiên ngày 05/3/2024”; đã bỏ qua."))
            return None
        return self._new_session(layout.parse_date(match, paragraph.place, self.read), paragraph)

    def _new_session(self, day, paragraph):
        if day is None:
            return None
        session = {"date": day.isoformat(), "items": []}
        self.data["regular_sessions"].append(session)
        self.places[f"regular_sessions[{self._index(session)}]"] = paragraph.place
        return session

    def _index(self, session):
        return next(i for i, s in enumerate(self.data["regular_sessions"]) if s is session)

    def _task(self, paragraph):
        if paragraph.text.rstrip().endswith("./."):
            self.closed_task = len(self.data["priority_tasks"])
        text = layout.strip_close_mark(paragraph.text.rstrip()).strip()
        self.places[f"priority_tasks[{len(self.data['priority_tasks'])}]"] = paragraph.place
        self.data["priority_tasks"].append(text)

    def _settle_closed_task(self):
        """The final "." of the task that closes the content: the one its sibling tasks agree on.

        A task is printed as written, its final "." included or not; the last line of the content
        ends "./." either way (programme.document.Line.close_document), so the document cannot tell
        "abc" from "abc.". The closing task follows the others: without a final "." when none of
        them has one, else with it (as the Office writes its tasks). A list whose tasks agree comes
        back from export and import unchanged.
        """
        tasks = self.data["priority_tasks"]
        if self.closed_task is None or not tasks[self.closed_task].endswith("."):
            return
        others = tasks[: self.closed_task] + tasks[self.closed_task + 1 :]
        if others and not any(task.endswith(".") for task in others):
            tasks[self.closed_task] = tasks[self.closed_task][:-1].rstrip()

    def _item(self, paragraph, entries, path, text=None):
        title, suffix = layout.split_item(paragraph.text if text is None else text)
        entry = {"title": title, "agencies": self._agencies(suffix, paragraph.place)}
        self.places[f"{path}[{len(entries)}]"] = paragraph.place
        entries.append(entry)
        return entry

    def _conference(self, paragraph):
        match = layout.DATED.match(layout.strip_close_mark(paragraph.text))
        if match is None:
            self.problem(
                paragraph.place,
                _("hội nghị không có ngày dạng “Ngày 05/3/2024 (thứ Ba): …”; đã bỏ qua: “%(text)s”.")
                % {"text": paragraph.text},
            )
            return
        day = layout.parse_date(match, paragraph.place, self.read)
        if day is None:
            return
        conferences = self.data["conferences"]
        entry = self._item(paragraph, conferences, "conferences", match.group(5))
        conferences[-1] = {"date": day.isoformat(), **entry}

    def _unplaced(self, paragraph):
        self.problem(
            paragraph.place, _("không xếp được “%(text)s” vào phần nào; đã bỏ qua.") % {"text": paragraph.text}
        )

    # --- agencies

    def _agencies(self, text, place):
        names = []
        for match in self.directory.split(text) if text else []:
            if match.agency is not None:
                name, short_name = match.agency.name, match.agency.short_name
            else:
                name = short_name = match.written
                self.unknown_agencies.setdefault(name, []).append(place)
                message = (
                    _("“%(name)s” có thể là nhiều cơ quan trong danh mục; chưa ghép, cần chọn.")
                    if match.ambiguous
                    else _("cơ quan “%(name)s” không có trong danh mục; chưa ghép, cần chọn hoặc tạo mới.")
                )
                self.problem(place, message % {"name": name})
            if name not in names:
                names.append(name)
            self.agencies.setdefault(name, short_name)
        return names

    def used_agencies(self):
        """The agencies list as an export writes it: every agency used, in document order."""
        entries = [item for session in self.data["regular_sessions"] for item in session["items"]]
        entries += self.data["chairman_items"] + self.data["conferences"]
        used = dict.fromkeys(name for entry in entries for name in entry["agencies"])
        return [{"name": name, "short_name": self.agencies[name]} for name in used]

    def plan_headings(self):
        """All five headings when any written one differs from the Office's (as an export writes them)."""
        headings = {**self.office_headings, **self.headings}
        return headings if headings != self.office_headings else None

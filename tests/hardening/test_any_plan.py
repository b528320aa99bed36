"""Property-based: every plan the editing page or ``load_plan`` accepts renders as a page, a PDF
and a calendar, and can be issued; whatever they refuse is refused with reasons, never a crash.

Each example runs in a savepoint rolled back at its end, so examples do not see each other.
"""

import contextlib
import datetime

import pytest
from django.db import transaction
from hypothesis import event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from agenda.models import MonthlyPlan
from agenda.text import normalize_text
from exports.ics import plan_to_ics
from exports.pdf import render_plan
from issuing.services import publish_plan
from meetings.models import Item
from programme.document import build_document, plans_for_document
from programme.interchange import InterchangeError
from programme.services import load_plan
from tests.hardening.strategies import examples, plan_files, required_texts, texts
from tests.workspace.conftest import editing_page, save
from tests.workspace.test_editing import add_form

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """Run the body in a savepoint and undo it, so each example starts from the same database."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def stored_texts(plan):
    plan = plans_for_document().get(pk=plan.pk)
    values = [plan.title, plan.recipients, plan.signer_name, *(task.text for task in plan.priority_tasks.all())]
    for item in plan.items.all():
        values += [item.title, item.place, *(agency.name for agency in item.ordered_agencies)]
    values += [session.place for session in plan.sessions.all()]
    return plan, values


def assert_renders(plan):
    """The page's document, the PDF and the calendar of ``plan`` (fetched for the document)."""
    document = build_document(plan)
    assert document is not None
    assert render_plan(plan).content.startswith(b"%PDF")
    assert plan_to_ics(plan).startswith(b"BEGIN:VCALENDAR")


@hypothesis_settings(max_examples=examples(25))
@given(data=plan_files())
def test_load_plan_stores_any_plan_file_normalised_or_refuses_it_with_reasons(data):
    with rolled_back():
        try:
            plan, _created = load_plan(data)
        except InterchangeError as error:
            assert error.problems and all(isinstance(problem, str) for problem in error.problems)
            return
        plan, values = stored_texts(plan)
        for value in values:
            assert value == normalize_text(value, multiline="\n" in value)
            assert not any(char in value for char in "\u2028\u2029\r\x00\u200b\ufeff")


@hypothesis_settings(max_examples=examples(6))
@given(data=plan_files(max_items=2))
def test_every_loaded_plan_renders_as_a_page_a_pdf_and_a_calendar(data, client, editor):
    client.force_login(editor)
    with rolled_back():
        plan, _created = load_plan(data)
        plan, _values = stored_texts(plan)
        assert_renders(plan)
        preview = client.get(f"/van-phong/bac-giang/ke-hoach/{plan.year}/{plan.month:02d}/xem-truoc/")
        assert preview.status_code == 200
        draft_pdf = client.get(f"/van-phong/bac-giang/ke-hoach/{plan.year}/{plan.month:02d}/pdf/")
        assert draft_pdf.status_code == 200


@hypothesis_settings(max_examples=examples(2))
@given(data=plan_files(max_items=2))
def test_every_loaded_plan_can_be_issued_and_read_publicly(data, client):
    with rolled_back():
        plan, _created = load_plan(data)
        issued = publish_plan(plan)
        assert issued.status == MonthlyPlan.Status.PUBLISHED
        page = client.get(issued.get_absolute_url())
        assert page.status_code == 200
        assert client.get(f"{issued.get_absolute_url()}pdf/").status_code == 200
        assert client.get(f"{issued.get_absolute_url()}lich.ics").status_code == 200


@hypothesis_settings(max_examples=examples(8))
@given(
    title=st.one_of(texts(1200), st.just("x" * 1_000_000)),
    place=texts(250),
    task=texts(5100),
    recipients=texts(300),
    day=st.integers(min_value=1, max_value=29),
)
def test_the_editing_page_saves_any_text_normalised_or_refuses_it_never_a_500(
    title, place, task, recipients, day, client, editor, february
):
    """Whatever a browser can post (no lone surrogates: they cannot be encoded) ends in a saved,
    renderable plan or in the page again with the errors."""
    client.force_login(editor)
    with rolled_back():
        data = editing_page(client, february)
        data["plan-recipients"] = recipients
        add_form(data, "tasks", {"text": task})
        add_form(data, "items-conference", {"title": title, "date": f"2024-02-{day:02d}", "place": place})
        response = save(client, february, data)
        assert response.status_code in (200, 302)
        event(f"answered {response.status_code}")
        if response.status_code == 200:
            assert "alert-danger" in response.text or "invalid-feedback" in response.text
            return
        conference = Item.objects.get(plan=february, part="conference")
        assert conference.title == Item.clean_title(title)
        assert conference.place == normalize_text(place)
        assert conference.date == datetime.date(2024, 2, day)
        plan, _values = stored_texts(february)
        assert_renders(plan)


@hypothesis_settings(max_examples=examples(30))
@given(text=st.one_of(texts(300, surrogates=True), required_texts(300, surrogates=True)), multiline=st.booleans())
def test_normalising_is_idempotent_and_leaves_no_control_or_format_character(text, multiline):
    import unicodedata

    once = normalize_text(text, multiline=multiline)
    assert normalize_text(once, multiline=multiline) == once
    assert once == unicodedata.normalize("NFC", once)
    assert once == once.strip()
    for char in once:
        assert char == "\n" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
    assert "  " not in once

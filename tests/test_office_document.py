"""The document's heading per office (Nghị định 30/2020, Phụ lục I): the parent body when the office has one,
then the issuing body, a People's Committee named in full on two lines; the plan's page shows it as the PDF does."""

import pytest
from django.template.loader import render_to_string

from agenda.models import Office
from programme.document import HeadingLine, build_document, heading_lines, plans_for_document
from tests.offices import HEADINGS, office_with_heading, plan_signed_as


@pytest.mark.parametrize("heading", HEADINGS, ids=[heading["issued_by"] for heading in HEADINGS])
def test_the_heading_lines_of_each_office(heading):
    office = Office(parent_body=heading["parent_body"], name=heading["name"].lower())
    expected = [HeadingLine(text, style == "bold") for text, style in heading["lines"]]
    assert heading_lines(office) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("heading", HEADINGS, ids=[heading["issued_by"] for heading in HEADINGS])
def test_the_plans_page_shows_the_offices_heading(heading):
    office = office_with_heading(heading)
    document = build_document(plans_for_document().get(pk=plan_signed_as(office).pk))
    html = render_to_string("programme/_document.html", {"document": document})
    parent = [text for text, style in heading["lines"] if style == "regular"]
    issuing = [text for text, style in heading["lines"] if style == "bold"]
    assert ('<p class="doc-parent">' in html) == bool(parent)
    for text in parent:
        assert f'<p class="doc-parent">{text}</p>' in html
    assert f'<p class="doc-office">{"<br>".join(issuing)}</p>' in html

"""A second office for the tests of many offices: a commune's People's Committee under the province, and the
signature blocks and headings of Nghị định 30/2020 the document must carry (fixtures/signature-blocks.json)."""

import io
import json

from django.core.management import call_command

from agenda.models import Office
from programme.document import plans_for_document
from programme.services import load_plan
from tests.factories import plan_data
from tests.reference import FIXTURES

#: An agency both offices have under the same name (a commune's division; a province may list one too).
CULTURE_DIVISION = "Phòng Văn hóa - Xã hội"


def create_commune(slug="xa-tan-yen", **options):
    """UBND xã Tân Yên, a commune under the installation's first office, as create_office makes it (once:
    asked again without options, the one made before)."""
    existing = Office.objects.filter(slug=slug).first()
    if existing is not None and not options:
        return existing
    arguments = {
        "name": "UBND XÃ TÂN YÊN",
        "place": "Tân Yên",
        "symbol": "CTr-UBND",
        "code": "000.00.31.H06",
        "level": "xa",
        "parent": Office.objects.get_solo().slug,
        **options,
    }
    call_command("create_office", slug, stdout=io.StringIO(), **arguments)
    return Office.objects.get(slug=slug)


def with_culture_division(data):
    """``data`` whose first chairman item is prepared by the culture division (listed with a short name)."""
    data["chairman_items"][0]["agencies"] = [CULTURE_DIVISION]
    data["agencies"].append({"name": CULTURE_DIVISION, "short_name": "Phòng VH-XH"})
    return data


def load_for(office, year=2024, month=3, **overrides):
    """``plan_data`` of that month loaded as ``office``'s draft, its culture division preparing an item."""
    plan, _created = load_plan(with_culture_division(plan_data(year, month, **overrides)), office=office)
    return plan


def layout_samples():
    """The signature blocks and headings of fixtures/signature-blocks.json."""
    return json.loads((FIXTURES / "signature-blocks.json").read_text(encoding="utf-8"))


SIGNATURE_BLOCKS = layout_samples()["signature_blocks"]
HEADINGS = layout_samples()["headings"]


def office_with_heading(heading):
    """The office of a heading sample: the first office as it is, else a commune with that name and parent body."""
    province = Office.objects.get_solo()
    if (heading["parent_body"], heading["name"]) == (province.parent_body, province.name):
        return province
    return create_commune(name=heading["name"], parent_body=heading["parent_body"])


def plan_signed_as(office, block=None, year=2024, month=3):
    """``office``'s draft of that month, signed by ``block``'s signer (a signature sample), fetched as every
    rendering fetches a plan."""
    data = plan_data(year, month)
    if block is not None:
        data["signer"] = {key: block[key] for key in ("authority", "position", "name")}
    plan, _created = load_plan(data, office=office)
    return plans_for_document().get(pk=plan.pk)


def office_for_block(block):
    """The province's Office signs "TL."; a commune's People's Committee the other forms."""
    return Office.objects.get_solo() if block["form"] == "TL." else create_commune()

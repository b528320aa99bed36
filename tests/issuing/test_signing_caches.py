"""What issuing keeps between signatures (keys, images, the stamp font, asn1crypto's encoding) is
found again only while what it depends on is unchanged, and never serves one signer's key to another."""

import datetime
import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageDraw

from issuing import appearance, asn1_encoding, identities, keys, signing, stamp_font, verification
from issuing.certificates import issue_person_p12
from issuing.models import Revision
from issuing.services import publish_plan
from tests.issuing.conftest import pdftotext
from tests.issuing.test_signing import BOX, approver_signs, office_seals

ORGANISATION = "VĂN PHÒNG UBND TỈNH BẮC GIANG"


def round_seal_png(colour):
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 190, 190), fill=(*colour, 255))
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()


GREEN, MAGENTA = (0, 170, 0), (200, 0, 200)


def seal_colours(content, tmp_path):
    """How many green and magenta pixels the first page shows (the seal is the only colour there)."""
    path = tmp_path / "sealed.pdf"
    path.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page.png").convert("RGB")
    data = page.tobytes()
    pixels = [tuple(data[index : index + 3]) for index in range(0, len(data), 3)]
    green = sum(1 for r, g, b in pixels if g > 120 and r < 80 and b < 80)
    magenta = sum(1 for r, g, b in pixels if r > 150 and b > 150 and g < 80)
    return green, magenta


def test_a_new_seal_upload_is_used_at_the_next_seal_not_the_cached_one(unsigned_pdf, office, tmp_path):
    approved, layout = approver_signs(unsigned_pdf, keys.configured_identity())
    office.seal_image = round_seal_png(GREEN)
    green, magenta = seal_colours(office_seals(approved, office, layout), tmp_path)
    assert green > 200 and magenta == 0

    office.seal_image = round_seal_png(MAGENTA)  # the Office uploads a new seal
    green, magenta = seal_colours(office_seals(approved, office, layout), tmp_path)
    assert magenta > 200 and green == 0


def test_a_seal_file_replaced_in_place_is_read_again(unsigned_pdf, office, settings, tmp_path):
    path = tmp_path / "con-dau.png"
    path.write_bytes(round_seal_png(GREEN))
    settings.SIGNING_SEAL_IMAGE = str(path)
    assert appearance.seal_image(office).getpixel((100, 100))[:3] == GREEN

    replacement = tmp_path / "new.png"
    replacement.write_bytes(round_seal_png(MAGENTA))
    replacement.replace(path)  # same path, new file
    assert appearance.seal_image(office).getpixel((100, 100))[:3] == MAGENTA


def test_a_renamed_office_gets_a_seal_drawn_with_its_new_name(office):
    before = appearance.seal_image(office).tobytes()
    office.name = "VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND"
    assert appearance.seal_image(office).tobytes() != before
    office.name = "VĂN PHÒNG"
    assert appearance.seal_image(office).tobytes() == before  # and the first one again


def test_an_uploaded_signature_image_is_encoded_from_its_own_bytes():
    first, second = round_seal_png(GREEN), round_seal_png(MAGENTA)
    encoded_first = appearance.encoded_image(appearance.signature_image(first, "A"))
    encoded_second = appearance.encoded_image(appearance.signature_image(second, "A"))
    assert encoded_first.colour != encoded_second.colour
    assert appearance.encoded_image(appearance.signature_image(first, "A")) is encoded_first  # kept once


def test_an_image_without_a_known_source_is_encoded_each_time():
    image = Image.new("RGBA", (20, 10), (*GREEN, 255))
    encoded = appearance.encoded_image(image)
    image.paste((*MAGENTA, 255), (0, 0, 20, 10))
    assert appearance.encoded_image(image).colour != encoded.colour


def test_each_identity_signs_with_its_own_key(unsigned_pdf, test_pki, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    paths = [
        issue_person_p12(
            test_pki.directory, tmp_path / f"{name}.p12", common_name=name, organisation=ORGANISATION, password="p"
        )
        for name in ("Nguyễn Văn Một", "Trần Thị Hai")
    ]
    subjects = []
    for path in paths + paths:  # the second round comes from the cache
        stamp, _layout = appearance.approver_stamp(BOX, appearance.signature_image(b"", "X"))
        signed = signing.sign_document(
            unsigned_pdf,
            identity=keys.Pkcs12Identity(str(path), "p"),
            stamp=stamp,
            signer_name="X",
            location="",
            reason=signing.APPROVER_REASON,
        )
        written = PdfFileReader(io.BytesIO(signed.content)).embedded_signatures[-1].signer_cert.subject
        assert written.human_friendly == signed.certificate_subject
        subjects.append(signed.certificate_subject)
    assert "Nguyễn Văn Một" in subjects[0] and "Trần Thị Hai" in subjects[1]
    assert subjects[2:] == subjects[:2]
    assert verification.check_signature(signed.content).intact


def test_a_wrong_password_is_refused_even_after_the_right_one_loaded_the_key(test_pki, tmp_path):
    path = issue_person_p12(
        test_pki.directory, tmp_path / "a.p12", common_name="A", organisation=ORGANISATION, password="right"
    )
    with keys.Pkcs12Identity(str(path), "right").signer() as signer:
        assert signer.signing_cert is not None
    with pytest.raises(keys.SigningUnavailableError), keys.Pkcs12Identity(str(path), "wrong").signer():
        pass
    for key in keys._PKCS12_SIGNERS:  # (path, file version, keyed digest): no password in the cache
        assert len(key) == 3 and isinstance(key[2], bytes) and len(key[2]) == 32
        assert "right" not in (key[2].decode("latin-1"), str(key[1]))


def test_a_key_file_replaced_at_the_same_path_signs_with_the_new_key(test_pki, tmp_path):
    path = tmp_path / "office.p12"
    issue_person_p12(test_pki.directory, path, common_name="Cũ", organisation=ORGANISATION, password="p")
    with keys.Pkcs12Identity(str(path), "p").signer() as signer:
        assert "Cũ" in signer.signing_cert.subject.human_friendly
    replacement = issue_person_p12(
        test_pki.directory, tmp_path / "new.p12", common_name="Mới", organisation=ORGANISATION, password="p"
    )
    replacement.replace(path)
    with keys.Pkcs12Identity(str(path), "p").signer() as signer:
        assert "Mới" in signer.signing_cert.subject.human_friendly


def test_the_stamp_font_keeps_the_vietnamese_letters_only():
    from fontTools.ttLib import TTFont

    font = TTFont(stamp_font.stamp_font_path())
    characters = font.getBestCmap()
    assert all(ord(char) in characters for char in "Ký bởi: VĂN PHÒNG ĐƯỜNG Ỹ ỹ ữ ự 0123456789:+-–T")
    assert len(font.getGlyphOrder()) < 700 and "fpgm" not in font and "GPOS" not in font


def test_asn1_encoding_gives_the_bytes_of_asn1crypto_own_method(test_pki):
    """The fix is installed, and a CMS built in memory encodes to the very bytes of the original method."""
    import asyncio

    from asn1crypto.core import Asn1Value
    from pyhanko.sign import signers

    assert Asn1Value.dump is asn1_encoding._dump
    signer = signers.SimpleSigner.load_pkcs12(str(test_pki.signer_p12), passphrase=b"test")

    @verification.outside_event_loop  # (the browser tests may leave a loop running in this thread)
    def built():
        attributes = asyncio.run(signer.signed_attrs(b"\x01" * 32, "sha256", use_pades=True))
        return signer._package_signature(
            digest_algorithm="sha256",
            cms_version="v1",
            signed_attrs=attributes,
            signature=b"\x02" * 256,
            unsigned_attrs=None,
            encap_content_info=None,
        )

    fixed = built().dump()
    Asn1Value.dump = asn1_encoding.original_dump()
    try:
        original = built().dump()
    finally:
        Asn1Value.dump = asn1_encoding._dump
    assert fixed == original and len(fixed) > 2000


def test_publishing_renders_once_even_without_a_cache(sample_plan, settings, monkeypatch):
    """The command path signs the render it made, whatever the cache keeps (here: nothing)."""
    from issuing import services

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    renders = []
    real_render = services.render_plan

    def counting_render(*args, **kwargs):
        renders.append(1)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(services, "render_plan", counting_render)  # the renderer the services call
    publish_plan(sample_plan)
    assert len(renders) == 1
    assert verification.check_signature(bytes(Revision.objects.get().pdf)).ours


def test_issuing_an_amendment_takes_as_many_queries_for_thirty_changes_as_for_one(sample_plan):
    """Snapshot, search text, changelog, history: set-based, no query per item or per change."""
    from meetings.models import Item, ItemAgency
    from programme.services import start_amendment

    def amend_and_issue(plan, added):
        amendment = start_amendment(plan)
        model = Item.objects.filter(plan=amendment, session__isnull=False).order_by("pk").first()
        agency = model.assignments.first().agency
        for index in range(added):
            item = Item.objects.create(
                plan=amendment, part=model.part, session=model.session, title=f"Nội dung bổ sung {index}"
            )
            ItemAgency.objects.create(item=item, agency=agency, position=0)
        with CaptureQueriesContext(connection) as queries:
            issued = publish_plan(amendment)
        assert Revision.objects.filter(plan=amendment).get().changes.count() == added
        return issued, len(queries)

    sample_plan = publish_plan(sample_plan)
    first, one_change = amend_and_issue(sample_plan, 1)
    _second, thirty_changes = amend_and_issue(first, 30)
    assert thirty_changes == one_change


def test_a_signature_by_a_key_that_is_not_the_certificates_is_refused_before_anything_is_stored(
    unsigned_pdf, test_pki, tmp_path
):
    """As a token whose key label points at another key than its certificate's would sign."""
    from contextlib import contextmanager
    from dataclasses import dataclass

    from cryptography.hazmat.primitives.asymmetric import rsa

    right = keys._load_pkcs12(str(test_pki.signer_p12), "test")
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    @dataclass(frozen=True)
    class MismatchedIdentity:
        def available(self):
            return True

        @contextmanager
        def signer(self):
            from pyhanko.keys.internal import translate_pyca_cryptography_key_to_asn1

            yield keys._loaded_key_signer_class()(
                signing_cert=right.signing_cert,
                signing_key=translate_pyca_cryptography_key_to_asn1(other_key),
                cert_registry=right.cert_registry,
                private_key=other_key,
            )

    stamp, _layout = appearance.approver_stamp(BOX, appearance.signature_image(b"", "X"))
    with pytest.raises(signing.SigningFailedError, match="không khớp với chứng thư"):
        signing.sign_document(
            unsigned_pdf,
            identity=MismatchedIdentity(),
            stamp=stamp,
            signer_name="X",
            location="",
            reason=signing.APPROVER_REASON,
        )
    approved, _layout = approver_signs(unsigned_pdf, keys.configured_identity())
    assert signing._last_signature_verifies(approved, right.signing_cert)
    assert not signing._last_signature_verifies(approved + b"\n% appended\n", right.signing_cert)


#: What ``publish_plan`` asks of the database for a draft (submit, number, render, both signatures,
#: revision, snapshot, history), whatever the plan holds. Was 59, and one more per priority task, before
#: the seal took the render's read of the plan and sign the prepared number; 43 while publishing read the
#: tasks again for their search text (now written with every write of the text: agenda.content); 42 before
#: each office had its own seal key (which key: the office's labels, then whether it is the first office).
PUBLISH_QUERIES = 44


@pytest.mark.parametrize("added", [0, 25])
def test_publishing_takes_a_fixed_number_of_queries_whatever_the_number_of_tasks_and_items(sample_plan, added):
    from agenda.models import PriorityTask
    from meetings.models import Item, ItemAgency
    from meetings.search import search_text
    from programme.document import plans_for_document
    from programme.interchange import plan_to_data

    model = Item.objects.filter(plan=sample_plan, session__isnull=False).order_by("pk").first()
    agency = model.assignments.first().agency
    for index in range(added):
        PriorityTask.objects.create(plan=sample_plan, position=100 + index, text=f"Nhiệm vụ bổ sung {index}")
        item = Item.objects.create(
            plan=sample_plan, part=model.part, session=model.session, title=f"Nội dung bổ sung {index}"
        )
        ItemAgency.objects.create(item=item, agency=agency, position=0)
    identities.dev_identity(sample_plan.signer_name, sample_plan.office)  # the test certificate, issued once
    with CaptureQueriesContext(connection) as queries:
        publish_plan(sample_plan)
    assert len(queries) == PUBLISH_QUERIES, "\n".join(query["sql"][:120] for query in queries.captured_queries)
    # What the seal took from the render's read is what a new read of the issued plan gives.
    revision = Revision.objects.get()
    issued = plans_for_document().get(pk=sample_plan.pk)
    assert revision.snapshot == plan_to_data(issued)
    assert [item.search_text for item in issued.items.all()] == [
        search_text(item.title, item.ordered_agencies) for item in issued.items.all()
    ]


def stamp_font_programs(content):
    """The embedded font programs of the stamp's text (Liberation Sans) in ``content``, as bytes."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(content))
    programs, seen = [], set()

    def walk(value):
        if isinstance(value, pypdf.generic.IndirectObject):
            if (value.idnum, value.generation) in seen:
                return
            seen.add((value.idnum, value.generation))
            value = value.get_object()
        if isinstance(value, dict):
            if value.get("/Type") == "/FontDescriptor" and "LiberationSans" in str(value.get("/FontName")):
                programs.append(value["/FontFile2"].get_object().get_data())
            for key, child in value.items():
                if key not in ("/Parent", "/P"):
                    walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(reader.trailer["/Root"])
    return programs


def test_the_seal_text_font_is_made_once_and_embedded_from_memory_at_every_seal(
    unsigned_pdf, office, monkeypatch, tmp_path
):
    """Subsetting the stamp font for each seal cost about 15 ms; its embedded program is now made once
    per process (for the glyphs of the Office's name, the labels and every digit of a time)."""
    from fontTools import subset

    subsets = []
    real_subset = subset.Subsetter.subset

    def counting_subset(self, font):
        subsets.append(1)
        return real_subset(self, font)

    stamp_font.stamp_font_path()  # converted once per VAR_DIR (a subset too)
    monkeypatch.setattr(subset.Subsetter, "subset", counting_subset)
    approved, layout = approver_signs(unsigned_pdf, keys.configured_identity())
    office.name = "VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND"  # a name no earlier test sealed with
    first = office_seals(approved, office, layout, moment=datetime.datetime(2024, 1, 2, 4, 0, 0, tzinfo=datetime.UTC))
    second = office_seals(
        approved, office, layout, moment=datetime.datetime(2025, 7, 19, 8, 38, 56, tzinfo=datetime.UTC)
    )
    assert len(subsets) <= 1  # the first seal of this name in the process, at most
    programs = stamp_font_programs(first), stamp_font_programs(second)
    assert len(programs[0]) == 1 and programs[0] == programs[1]
    for content, time in ((first, "2024-01-02T11:00:00+07:00"), (second, "2025-07-19T15:38:56+07:00")):
        path = tmp_path / "sealed.pdf"
        path.write_bytes(content)
        text = pdftotext(path)
        assert "Ký bởi: VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND" in text and f"Thời gian ký: {time}" in text
        assert verification.check_signature(content).ours
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        stamp_fonts = [line for line in fonts.splitlines() if "LiberationSans" in line]
        assert len(stamp_fonts) == 1 and stamp_fonts[0].split()[-5:-2] == ["yes", "yes", "yes"]  # emb sub uni


def test_the_seal_text_reads_the_same_from_a_decomposed_office_name(unsigned_pdf, office, tmp_path):
    """A name typed with combining tone marks is drawn with the font's precomposed Vietnamese letters."""
    import unicodedata

    approved, layout = approver_signs(unsigned_pdf, keys.configured_identity())
    office.name = unicodedata.normalize("NFD", "VĂN PHÒNG")
    path = tmp_path / "sealed.pdf"
    path.write_bytes(office_seals(approved, office, layout))
    assert "Ký bởi: VĂN PHÒNG UBND TỈNH BẮC GIANG" in unicodedata.normalize("NFC", pdftotext(path))

"""A member's answer signed with their own key (optional, as the approver signs a programme): a one-page PDF
of the answer (WeasyPrint, Liberation Serif 2.x), PAdES-signed with the member's identity
(issuing.identities.approver_identity: their PKCS#11 key with its PIN, or a TEST key in development), their
signature image as the visible stamp. Stored with the answer; poppler's pdfsig reads it."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from ballots.result_pdf import RESULT_CSS, box_of
from exports.pdf import font_face_css, font_paths, url_fetcher
from issuing import appearance, identities, signing
from issuing.keys import SigningError
from programme.document import heading_lines

SIGNATURE_BOX_ID = "chu-ky-thanh-vien"
ANSWER_FIELD = "ChuKyThanhVien"
ANSWER_REASON = "Ký phiếu trả lời lấy ý kiến"


def render_answer(ballot, answer, lines):
    """The answer's PDF bytes and the signature box (page, x1, y1, x2, y2); ``lines``: (question, label,
    comment)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = url_fetcher()
    fonts = FontConfiguration()
    html = render_to_string(
        "ballots/answer_pdf.html",
        {
            "ballot": ballot,
            "answer": answer,
            "lines": lines,
            "heading": heading_lines(ballot.office),
            "name": identities.display_name(answer.member),
            "moment": timezone.localtime(answer.confirmed_at or timezone.now()),
        },
    )
    stylesheets = [
        CSS(string=font_face_css(font_paths()), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(RESULT_CSS), font_config=fonts, url_fetcher=fetcher),
    ]
    document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=stylesheets, font_config=fonts)
    return document.write_pdf(), box_of(document, SIGNATURE_BOX_ID)


def sign_answer(ballot, answer, lines, pin=""):
    """Sign the member's answer with their key and keep it with the answer; a ValidationError (Vietnamese)
    when it cannot be signed (no key, a wrong PIN)."""
    member = answer.member
    content, box = render_answer(ballot, answer, lines)
    page, *rect = box
    profile = identities.profile_of(member)
    image = appearance.signature_image(profile.signature_image, identities.display_name(member, profile))
    inner = appearance.approver_box(tuple(rect), image.size)
    stamp = signing.Stamp(ANSWER_FIELD, page, inner, appearance.approver_style(image))
    try:
        identity = identities.approver_identity(member, office=ballot.office, pin=pin)
        signed = signing.sign_document(
            content,
            identity=identity,
            stamp=stamp,
            signer_name=identities.display_name(member, profile),
            location=ballot.office.place,
            reason=ANSWER_REASON,
        )
    except SigningError as error:
        raise ValidationError(str(error)) from error
    answer.signed_pdf.save(f"y-kien-{ballot.pk}-{member.pk}.pdf", ContentFile(signed.content), save=False)
    answer.save(update_fields=["signed_pdf"])
    return answer

"""The app's flows that store or send a file, driven through its pages, for the object-storage tests."""

import datetime

from access.permissions import MEMBER_GROUP
from agenda.models import Agency
from tests.conftest import make_user
from tests.workspace.files import pdf_bytes, upload

PUBLIC_PDF = "/bac-giang/ke-hoach/2024/01/pdf/"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def upload_dossier(client, item, name, content):
    response = client.post(
        f"/van-phong/bac-giang/noi-dung/{item.pk}/ho-so/tai-len/",
        {f"tl-{item.pk}-files": [upload(name, content)], f"tl-{item.pk}-note": ""},
    )
    assert response.status_code == 302
    return item.dossier_submissions.latest("pk").files.get()


def propose_with_letter(client, time_machine, content):
    """The department registers an item for February with its letter (a PDF), on 10 January."""
    from proposals.models import Proposal

    time_machine(datetime.date(2024, 1, 10))
    data = {
        "target": "2024-02",
        "part": "session",
        "title": "Dự thảo Nghị quyết về giá đất",
        "wished_date": "2024-02-19",
        "agencies": [Agency.objects.get(short_name="Sở KHĐT").pk],
        "basis": "",
        "note": "",
        "letter_file": upload("cong-van.pdf", content),
    }
    assert client.post("/van-phong/bac-giang/de-xuat/", data).status_code == 302
    return Proposal.objects.get()


def member(client):
    """A member of the Committee (reads the session packets), signed in."""
    user = make_user("uyvien", MEMBER_GROUP)
    client.force_login(user)
    return user


__all__ = [
    "PUBLIC_PDF",
    "body",
    "member",
    "pdf_bytes",
    "propose_with_letter",
    "upload_dossier",
]

import hashlib
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from agenda.models import Office
from issuing.models import Revision
from issuing.services import publish_plan
from programme.services import start_amendment


@pytest.fixture(scope="session")
def test_pki(signing_key):
    """The session's test CA and signer (made once by the root conftest's ``signing_key``)."""
    return signing_key


@pytest.fixture(scope="module")
def unsigned_pdf():
    """A one-page PDF to sign, with Vietnamese text (no database needed)."""
    from weasyprint import HTML

    return HTML(string="<p>Chương trình công tác tháng 01 năm 2024</p>").write_pdf()


@pytest.fixture
def office():
    """An unsaved Office: what the stamps read of it."""
    return Office(parent_body="UBND TỈNH BẮC GIANG", name="VĂN PHÒNG", place="Bắc Giang")


@pytest.fixture
def office_form(sample_plan):
    """What the admin's Office page posts back unchanged (the sample's Office), to add one field to."""
    from agenda.admin import OfficeForm

    form = OfficeForm(instance=Office.objects.get_solo())
    values = {name: form[name].value() for name in form._meta.fields}
    return {name: "" if value is None else value for name, value in values.items()}  # an empty choice posts ""


@pytest.fixture
def published_sample(sample_plan):
    """The sample plan issued once: its first revision."""
    publish_plan(sample_plan, note="Ban hành lần đầu")
    return Revision.objects.get(year=2024, month=1, number=1)


@pytest.fixture
def amendment(published_sample):
    """A working copy amending the published sample."""
    return start_amendment(published_sample.plan)


def pdfsig(path):
    """poppler's report; its exit code is 0 even on a digest mismatch, so callers read the text."""
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def pdfsig_signatures(path):
    """poppler's report read into one dict per signature, in signing order ("Signer Certificate Common Name",
    "Signature Validation", "Total document signed" as a key…): its exit code says nothing, its text does."""
    signatures = []
    for line in pdfsig(path).splitlines():
        if line.startswith("Signature #"):
            signatures.append({})
        elif line.startswith("  - ") and signatures:
            key, _sep, value = line[4:].partition(": ")
            signatures[-1][key] = value
    return signatures


def pdftotext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def tampered(content):
    """A copy with one byte changed inside the first signed byte range (the document body)."""
    start = content.index(b"/ByteRange")
    first_range_end = int(content[start:].split(b"[", 1)[1].split()[1])
    offset = first_range_end // 3
    changed = bytearray(content)
    changed[offset] = (changed[offset] + 1) % 256
    return bytes(changed)


def with_trivial_updates(content, count, *, prev_key=b"/Prev"):
    """``content`` with ``count`` incremental updates appended, each one empty object and an xref
    table whose trailer points back (``prev_key``) to the one before: what a probe sends to make the
    check of every signature compare every revision with every other."""
    previous = int(re.findall(rb"startxref\s+(\d+)", content)[-1])
    size = max(int(value) for value in re.findall(rb"/Size\s+(\d+)", content))
    root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", content)[-1]
    out = bytearray(content if content.endswith(b"\n") else content + b"\n")
    for number in range(size, size + count):
        offset = len(out)
        out += b"%d 0 obj\n<< >>\nendobj\n" % number
        xref = len(out)
        out += b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s %s %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            number,
            offset,
            number + 1,
            root,
            prev_key,
            previous,
            xref,
        )
        previous = xref
    return bytes(out)


@pytest.fixture
def timestamp_server(test_pki):
    """A local RFC 3161 timestamp server (the network edge), signing with a TSA cert of the test CA."""
    from asn1crypto import keys, tsp, x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from issuing.certificates import issue_certificate, new_key

    ca_key = serialization.load_pem_private_key(test_pki.ca_key.read_bytes(), password=None)
    ca_cert = cx509.load_pem_x509_certificate(test_pki.ca_cert.read_bytes())
    tsa_key = new_key()
    subject = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "TSA – CHỨNG THƯ THỬ NGHIỆM")])
    tsa_cert = issue_certificate(
        subject,
        tsa_key.public_key(),
        issuer=ca_cert,
        issuer_key=ca_key,
        extended_usage=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    stamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(tsa_cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(body)
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.requests = requests
    server.url = f"http://127.0.0.1:{server.server_port}/"
    yield server
    server.shutdown()
    server.server_close()

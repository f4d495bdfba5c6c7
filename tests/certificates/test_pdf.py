"""Each certificate PDF read back: text, embedded Noto CJK font, QR → verification URL, signature."""

import io
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from certificates import signing
from certificates.pdf import verify_url

pytestmark = pytest.mark.django_db


def _pdf(cert):
    with cert.pdf.open("rb") as fh:
        return fh.read()


def _fonts(reader):
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc in [font.get("/FontDescriptor")] + [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])
            ]:
                if desc is None:
                    continue
                desc = desc.get_object()
                if any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(desc["/FontName"]))
    return names


def test_the_certificate_pdf_carries_the_facts_with_the_id_masked(cert):
    reader = PdfReader(io.BytesIO(_pdf(cert)))
    text = reader.pages[0].extract_text()
    for fact in (
        cert.name,
        cert.number,
        cert.approval_number,
        cert.qualification,
        cert.committee_name,
        "评审",
    ):
        assert fact in text
    assert cert.masked_id in text and cert.id_number not in text
    assert "2026年6月30日" in text


def test_the_noto_cjk_font_is_embedded(cert):
    fonts = _fonts(PdfReader(io.BytesIO(_pdf(cert))))
    assert any("Noto" in f and "CJK" in f for f in fonts), fonts


def test_the_qr_code_decodes_to_the_verification_url(cert, tmp_path):
    from pyzbar.pyzbar import decode

    path = tmp_path / "cert.pdf"
    path.write_bytes(_pdf(cert))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True
    )
    codes = decode(Image.open(tmp_path / "page.png"))
    assert [c.data.decode() for c in codes] == [verify_url(cert)]
    assert verify_url(cert).endswith(f"/certificates/v/{cert.token}/")


def test_the_pades_signature_validates_and_a_changed_byte_breaks_it(cert):
    data = _pdf(cert)
    ok, summary = signing.validate_pdf(data)
    assert ok, summary
    # change one byte inside the signed content (the name in the page's text stream area)
    tampered = bytearray(data)
    pos = len(data) // 3
    tampered[pos] = (tampered[pos] + 1) % 256
    ok, summary = signing.validate_pdf(bytes(tampered))
    assert not ok, summary


def test_a_signature_from_another_key_does_not_validate(cert, settings, tmp_path):
    data = _pdf(cert)
    settings.CERT_SIGNING_KEY_FILE = str(tmp_path / "k.pem")
    settings.CERT_SIGNING_CERT_FILE = str(tmp_path / "c.pem")
    signing.ensure_signing_key()
    ok, _summary = signing.validate_pdf(data)
    assert not ok


def test_the_approval_pdf_lists_everyone(approved):
    with approved.pdf.open("rb") as fh:
        text = "".join(p.extract_text() for p in PdfReader(fh).pages).replace("\n", "")
    assert approved.number in text and "专业技术职务任职资格的通知" in text
    for entry in approved.entries.select_related("application__applicant"):
        assert entry.application.applicant.real_name in text
    assert signing.validate_pdf(approved.pdf.open("rb").read())[0]


def test_the_signing_key_command_creates_the_key_once(settings, tmp_path):
    from django.core.management import call_command

    settings.CERT_SIGNING_KEY_FILE = str(tmp_path / "a" / "key.pem")
    settings.CERT_SIGNING_CERT_FILE = str(tmp_path / "a" / "cert.pem")
    out = io.StringIO()
    call_command("ensure_signing_key", stdout=out)
    assert "created" in out.getvalue()
    first = (tmp_path / "a" / "cert.pem").read_bytes()
    call_command("ensure_signing_key", stdout=out)
    assert "already present" in out.getvalue()
    assert (tmp_path / "a" / "cert.pem").read_bytes() == first

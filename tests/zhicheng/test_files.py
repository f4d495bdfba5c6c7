"""The one file store: content sniffing, per-use limits, random stored names with the detected
extension, one message set, one serving helper, storage chosen by settings."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from filings.demo import minimal_pdf
from zhicheng import files

PDF = minimal_pdf("x")
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BMP = b"BM" + b"\x00" * 12 + (40).to_bytes(4, "little") + b"\x00" * 40
FAKE_PDF = b"<html><script>alert(1)</script>" + b"%PDF-1.4 not really" + b" " * 100


def up(data, name="f.bin"):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("data", "kind"), [(PDF, "pdf"), (b"junk" * 10 + PDF, "pdf"), (JPG, "jpg"), (PNG, "png"), (BMP, "bmp")]
)
def test_the_content_decides_the_type(data, kind):
    assert files.sniff(up(data)) == kind


def test_a_header_in_the_first_kilobyte_is_not_enough_pypdf_must_read_it():
    assert files.sniff(up(FAKE_PDF, "evil.pdf")) is None
    with pytest.raises(ValidationError, match="文件不是pdf格式"):
        files.check(up(FAKE_PDF, "evil.pdf"), use="filing_attachment")
    with pytest.raises(ValidationError, match="只接受JPG、PNG、PDF"):
        files.check(up(FAKE_PDF, "evil.pdf"), use="attachment")


def test_limits_are_per_use():
    big = up(PDF + b"0" * (5 * 1024 * 1024), "big.pdf")
    with pytest.raises(ValidationError, match="4M"):
        files.check(big, use="attachment")
    assert files.check(big, use="filing_attachment") == "pdf"
    with pytest.raises(ValidationError):
        files.check(up(BMP), use="attachment")  # bmp only where backfill asks for it
    assert files.check(up(BMP), use="backfill_attachment") == "bmp"


def test_an_empty_file_gets_the_platforms_own_message_in_forms_too():
    from applications.forms import AttachmentForm

    with pytest.raises(ValidationError, match="文件是空的，请重新选择"):
        files.check(up(b""), use="attachment")
    form = AttachmentForm(files={"file": up(b"", "empty.pdf")})
    assert not form.is_valid()
    assert form.errors["file"] == ["文件是空的，请重新选择。"]


def test_stored_under_a_random_name_with_the_detected_extension(cast, users, orgs):
    from filings import services
    from tests.filings.factories import FilingFactory

    filing = FilingFactory(committee=orgs["committee_changji"], created_by=users["committee_changji"])
    att = services.add_attachment(
        filing, by=users["committee_changji"], kind="notice", upload=up(PDF, "evil.html")
    )
    assert att.original_name == "evil.html"
    assert att.file.name.endswith(".pdf") and "evil" not in att.file.name
    with pytest.raises(services.FilingError, match="文件不是pdf格式"):
        services.add_attachment(
            filing, by=users["committee_changji"], kind="plan", upload=up(FAKE_PDF, "a.pdf")
        )


def test_serving_sets_nosniff_and_disposition_and_404_when_the_file_is_gone(client_for, users, orgs):
    from filings import services
    from tests.filings.factories import FilingFactory

    filing = FilingFactory(committee=orgs["committee_changji"], created_by=users["committee_changji"])
    att = services.add_attachment(
        filing, by=users["committee_changji"], kind="notice", upload=up(PDF, "评审通知.pdf")
    )
    client = client_for("committee_changji")
    url = reverse("filings:attachment", args=[filing.pk, att.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "filename" in response["Content-Disposition"] and "inline" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    att.file.storage.delete(att.file.name)
    assert client.get(url).status_code == 404


def test_media_storage_is_chosen_by_settings(settings):
    from django.core.files.storage import storages
    from storages.backends.s3 import S3Storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.MEDIA_STORAGES["s3"],
            "OPTIONS": {**settings.MEDIA_STORAGES["s3"]["OPTIONS"], "bucket_name": "zc-test"},
        },
    }
    storages._storages = {}
    try:
        backend = storages["default"]
        assert isinstance(backend, S3Storage) and backend.bucket_name == "zc-test"
        assert backend.default_acl is None  # private: served only through files.serve
    finally:
        storages._storages = {}

"""The certificate and 批文 PDFs: rendered by the shared pipeline's renderer
(zhicheng.documents.render_pdf — WeasyPrint, Noto CJK, deterministic metadata), then PAdES-signed
here. They are stored on the Certificate / Approval rows rather than as pipeline Documents
because the signature is applied after rendering and the verification page is the
certificate's own (status 有效 / 已撤销 / 已补发)."""

from django.conf import settings
from django.urls import reverse

from applications.review_form import _photo_data_uri as photo_data_uri
from zhicheng import documents

from . import signing


def verify_url(certificate):
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", args=[certificate.token])


def _render(template, context, created):
    return documents.render_pdf(
        template,
        {**context, "site_name": settings.SITE_NAME, "pdf_font_family": documents.PDF_FONT_FAMILY},
        created=created,
    )


def render_certificate(certificate):
    url = verify_url(certificate)
    pdf = _render(
        "certificates/pdf/certificate.html",
        {
            "cert": certificate,
            "verify_url": url,
            "qr": documents.qr_data_uri(url),
            "photo": photo_data_uri(certificate.holder),
        },
        certificate.issued_at,
    )
    return signing.sign_pdf(pdf, reason=f"电子证书 {certificate.number}")


def render_approval(approval, entries):
    pdf = _render(
        "certificates/pdf/approval.html", {"approval": approval, "entries": entries}, approval.finished_at
    )
    return signing.sign_pdf(pdf, reason=f"批文 {approval.number}")

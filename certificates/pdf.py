"""The certificate and 批文 PDFs: HTML templates rendered by WeasyPrint (Noto CJK from the OS),
then PAdES-signed. `render_pdf(template, context)` has the shape of the shared document
pipeline's renderer (zhicheng/documents.py on branch h10) so it can move there once merged.
"""

import base64
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from . import signing

PDF_FONT_FAMILY = "Noto Serif CJK SC"


def qr_data_uri(text, *, box_size=4):
    import qrcode

    img = qrcode.make(text, box_size=box_size, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def file_data_uri(field):
    """The 一寸照片 as a data URI (the file store is private: no URL the renderer could fetch)."""
    if not field:
        return ""
    try:
        with field.open("rb") as fh:
            data = fh.read()
    except OSError:
        return ""
    kind = "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(data).decode()


def render_pdf(template, context):
    from weasyprint import HTML

    html = render_to_string(template, {**context, "pdf_font_family": PDF_FONT_FAMILY})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def verify_url(certificate):
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", args=[certificate.token])


def render_certificate(certificate, photo=None):
    pdf = render_pdf(
        "certificates/pdf/certificate.html",
        {
            "cert": certificate,
            "verify_url": verify_url(certificate),
            "qr": qr_data_uri(verify_url(certificate)),
            "photo": file_data_uri(photo),
            "site_name": settings.SITE_NAME,
        },
    )
    return signing.sign_pdf(pdf, reason=f"电子证书 {certificate.number}")


def render_approval(approval, entries):
    pdf = render_pdf(
        "certificates/pdf/approval.html",
        {"approval": approval, "entries": entries, "site_name": settings.SITE_NAME},
    )
    return signing.sign_pdf(pdf, reason=f"批文 {approval.number}")

"""The platform's signing key and certificate, and PAdES signing / validation with pyHanko.

Production points CERT_SIGNING_KEY_FILE / CERT_SIGNING_CERT_FILE (and CERT_SIGNING_KEY_PASSWORD)
at a key issued by a real CA; on a fresh machine `manage.py ensure_signing_key` (run by
seed_demo, hence by `make run`) generates a self-signed pair under var/signing/. The public
verification page offers the certificate for download, so anyone can validate a PDF against it.
"""

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SIGNER_NAME = "新疆专业技术人员管理平台 电子证书签章"


def key_path():
    return Path(settings.CERT_SIGNING_KEY_FILE)


def cert_path():
    return Path(settings.CERT_SIGNING_CERT_FILE)


def _password():
    pw = settings.CERT_SIGNING_KEY_PASSWORD
    return pw.encode() if pw else None


def ensure_signing_key(*, force=False):
    """Create the key and the self-signed certificate if missing. Returns True when created."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    if key_path().exists() and cert_path().exists() and not force:
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "新疆专业技术人员管理平台"),
            x509.NameAttribute(NameOID.COMMON_NAME, SIGNER_NAME),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    password = _password()
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    key_path().parent.mkdir(parents=True, exist_ok=True)
    cert_path().parent.mkdir(parents=True, exist_ok=True)
    key_path().write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    )
    key_path().chmod(0o600)
    cert_path().write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _signer.cache_clear()
    return True


def certificate_pem():
    return cert_path().read_bytes()


@lru_cache(maxsize=1)
def _signer():
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(
        str(key_path()), str(cert_path()), key_passphrase=_password(), signature_mechanism=None
    )
    if signer is None:
        raise RuntimeError(
            "电子证书签章密钥无法读取，请检查 CERT_SIGNING_KEY_FILE / CERT_SIGNING_CERT_FILE。"
        )
    return signer


def sign_pdf(pdf_bytes, *, reason="电子证书签发"):
    """A PAdES (ETSI.CAdES.detached) signature over the whole PDF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    ensure_signing_key()
    meta = signers.PdfSignatureMetadata(
        field_name="PlatformSignature",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        name=SIGNER_NAME,
    )

    def sign():
        out = io.BytesIO()
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        signers.sign_pdf(writer, meta, signer=_signer(), output=out)
        return out.getvalue()

    return _outside_event_loop(sign)


def _outside_event_loop(fn, *args):
    """pyHanko's sync API calls asyncio.run(), which refuses to run inside a running event loop
    (an ASGI worker, a Playwright test): then it runs in a short-lived thread of its own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def validate_pdf(pdf_bytes):
    """(ok, summary): the signature covers the whole file, is intact and chains to our certificate."""
    return _outside_event_loop(_validate, pdf_bytes)


def _validate(pdf_bytes):
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        sigs = reader.embedded_signatures
        if not sigs:
            return False, "no signature"
        _type, _headers, der = pem.unarmor(certificate_pem())
        root = x509.Certificate.load(der)
        status = validate_pdf_signature(sigs[0], ValidationContext(trust_roots=[root]))
    except Exception as exc:  # a damaged file is an invalid certificate, not a crash
        return False, f"{type(exc).__name__}: {exc}"
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    ok = bool(status.bottom_line) and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return ok, status.summary()

"""身份证号 and 统一社会信用代码 checks (python-stdnum does the arithmetic)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    gender: str  # "1" 男, "2" 女


def normalise_id_number(value):
    return (value or "").strip().replace(" ", "").upper()


def parse_id_number(value):
    """Validate an 18-digit 身份证号 and return its number, birth date and gender.

    The address code is not checked against today's county list: numbers keep the code of
    the county where they were issued, even when that county has since been renamed.
    """
    number = normalise_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("身份证号应为18位。"), code="length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号格式不正确：前17位应为数字，最后一位为数字或X。"), code="format")
    if not ("11" <= number[:2] <= "82"):
        raise ValidationError(_("身份证号的地区码不正确。"), code="region")
    try:
        birth = ric.get_birth_date(number)
    except (InvalidComponent, StdnumError):
        raise ValidationError(_("身份证号中的出生日期不正确。"), code="birth_date") from None
    if birth > timezone.localdate() or birth.year < 1900:
        raise ValidationError(_("身份证号中的出生日期不正确。"), code="birth_date")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对后重新输入。"), code="checksum")
    gender = "1" if int(number[16]) % 2 == 1 else "2"
    return IdInfo(number=number, birth_date=birth, gender=gender)


def validate_id_number(value):
    parse_id_number(value)


def normalise_credit_code(value):
    return (value or "").strip().replace(" ", "").upper()


def validate_credit_code(value):
    """统一社会信用代码 (GB 32100-2015): 18 characters, MOD 31 check character."""
    try:
        uscc.validate(normalise_credit_code(value))
    except InvalidLength:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="length") from None
    except InvalidFormat:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）。"), code="format"
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("统一社会信用代码校验位不正确。如确为早期赋码，请联系平台管理员核实后登记。"), code="checksum"
        ) from None


def is_valid_credit_code(value):
    try:
        validate_credit_code(value)
    except ValidationError:
        return False
    return True


# ---- uploads: judged by content, never by name --------------------------------------------------
MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
# BMP (accepted only where a caller lists it: backfill attachments, guide 003): "BM" and a known
# DIB header size at offset 14, so a text file that happens to start with "BM" is not one.
BMP_DIB_SIZES = {12, 40, 52, 56, 64, 108, 124}
KIND_LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "bmp": "BMP"}


def sniff_kind(upload):
    """The file type by its first bytes ("pdf", "jpg", "png") or None.

    Every upload on the platform (licences, photos, filing and application attachments) is
    judged here. A PDF may carry a few bytes before its %PDF- header, as PDF readers accept
    anywhere in the first kilobyte."""
    pos = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(pos)
    if b"%PDF-" in head:
        return "pdf"
    for kind, signatures in MAGIC.items():
        if any(head.startswith(sig) for sig in signatures):
            return kind
    if head.startswith(b"BM") and len(head) >= 18 and int.from_bytes(head[14:18], "little") in BMP_DIB_SIZES:
        return "bmp"
    return None


def validate_upload(upload, *, kinds=("pdf", "jpg", "png"), max_mb=4):
    """Refuse a file whose content is not one of `kinds` or that is larger than `max_mb`.

    Returns the detected kind; the caller stores the file under that extension (a PDF renamed
    to .exe is stored as .pdf, an .exe renamed to .pdf is refused).
    """
    allowed = "、".join(KIND_LABELS[k] for k in kinds)
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(_("文件过大：单个文件不能大于%(mb)sM。") % {"mb": max_mb}, code="too_large")
    if upload.size == 0:
        raise ValidationError(_("文件是空的，请重新选择。"), code="empty")
    kind = sniff_kind(upload)
    if kind not in kinds:
        raise ValidationError(
            _("文件内容不是允许的格式（只接受%(allowed)s），请上传扫描件或照片。") % {"allowed": allowed},
            code="bad_type",
        )
    return kind


def validate_mobile(value):
    import re

    if not re.fullmatch(r"1[3-9]\d{9}", (value or "").strip()):
        raise ValidationError(_("请输入11位手机号码（以1开头）。"), code="mobile")

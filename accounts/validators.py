"""身份证号 and 统一社会信用代码 checks (python-stdnum does the arithmetic)."""

import datetime as dt
import re
import unicodedata
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


def normalise_identifier(value):
    """One spelling per identifier: full-width to half-width (NFKC), every blank removed,
    upper-case. 身份证号 and 信用代码 are compared in this form everywhere (login, lockout
    counters, registration), so `652301 197907080529` and `６５２３０１…` are one person."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def normalise_id_number(value):
    return normalise_identifier(value)


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


def normalise_credit_code(value):
    return normalise_identifier(value)


_ID_LIKE = re.compile(r"\d{15}|\d{17}[\dX]|[0-9A-Z]{18}")


def looks_like_identifier(value):
    """Would this username be mistaken for a 身份证号 or a 统一社会信用代码?"""
    return bool(_ID_LIKE.fullmatch(normalise_identifier(value)))


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


MOBILE_RE = re.compile(r"1[3-9]\d{9}")
PHONE_RE = re.compile(r"(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9})")


def _digits(value):
    return (value or "").strip().replace(" ", "")


def validate_mobile(value):
    """The one mobile-number rule of the platform: 11 digits starting 13–19."""
    if not MOBILE_RE.fullmatch(_digits(value)):
        raise ValidationError(_("请输入11位手机号码（以1开头）。"), code="mobile")


def validate_phone(value):
    """A landline (0994-1234567, with an optional extension) or a mobile number."""
    if not PHONE_RE.fullmatch(_digits(value)):
        raise ValidationError(_("电话号码格式不正确，例如 0994-1234567 或 13800000000。"), code="phone")

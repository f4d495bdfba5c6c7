"""Numbers that are never reused: 批文号 (prefix〔year〕serial号) and 证书编号 (with a check character).

Both take the next value of a filings.SerialCounter row under select_for_update, inside the
caller's transaction: two committees drafting at once wait for each other on the counter row
and get different serials; a deleted draft leaves a gap, never a reused number.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from stdnum.iso7064 import mod_37_36

from filings.models import SerialCounter


def next_value(key):
    try:
        with transaction.atomic():
            SerialCounter.objects.get_or_create(key=key)
    except IntegrityError:  # created by a concurrent transaction a moment ago
        pass
    counter = SerialCounter.objects.select_for_update().get(key=key)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def approval_prefix(committee):
    setting = getattr(committee, "approval_setting", None)
    return setting.prefix if setting is not None else settings.APPROVAL_NUMBER_PREFIX


def next_approval_number(committee, year):
    """(number, serial): the serial counts per prefix and year, so committees sharing a prefix
    (one issuing department) never get the same number."""
    prefix = approval_prefix(committee)
    serial = next_value(f"approval:{prefix}:{year}")
    return settings.APPROVAL_NUMBER_PATTERN.format(prefix=prefix, year=year, serial=serial), serial


def with_check_character(base):
    """ISO 7064 MOD 37,36: one check character (0-9, A-Z) that catches any single-character
    error and any transposition of two neighbours."""
    return base + mod_37_36.calc_check_digit(base)


def is_valid_number(number):
    return mod_37_36.is_valid(number.upper())


def next_certificate_number(year, region_code):
    """ZC + year + 4-digit region prefix + 7-digit serial + check character (16 characters)."""
    serial = next_value(f"certificate:{year}")
    return with_check_character(f"ZC{year}{(region_code or '650000')[:4]}{serial:07d}")

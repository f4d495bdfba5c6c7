"""Synthetic identifiers with valid checksums, for demo data and tests (never real people)."""

import datetime as dt
import random

from stdnum.cn import uscc

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def id_check_char(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def make_id_number(birth=dt.date(1988, 5, 17), seq=123, address="652301", male=True):
    """An 18-digit 身份证号 with a valid check character; the 17th digit carries the sex."""
    seq = int(seq) % 1000
    if (seq % 2 == 1) != male:
        seq = (seq + 1) % 1000
    first17 = f"{address}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def make_credit_code(seed=None, region="652300"):
    """A 统一社会信用代码 (GB 32100-2015) with a valid MOD 31 check character."""
    rnd = random.Random(seed)
    body = "91" + region + "".join(rnd.choice(_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from accounts.synthetic import make_credit_code, make_id_number
from accounts.validators import parse_id_number, validate_credit_code


def test_a_valid_id_gives_birth_date_and_gender():
    number = make_id_number(dt.date(1990, 2, 28), 124, male=False)
    info = parse_id_number(number)
    assert info.birth_date == dt.date(1990, 2, 28) and info.gender == "2"


def test_lowercase_x_is_accepted_and_stored_upper():
    seq = next(s for s in range(1000) if make_id_number(seq=s).endswith("X"))
    number = make_id_number(seq=seq)
    assert parse_id_number(number.lower()).number == number


@pytest.mark.parametrize(
    "number, message",
    [
        ("65230119880517123", "应为18位"),
        ("6523011988051712AX", "格式不正确"),
        ("652301198802301231", "出生日期不正确"),  # 30 February
        ("652301209901011231", "出生日期不正确"),  # the future
    ],
)
def test_bad_ids_are_refused_with_a_reason(number, message):
    with pytest.raises(ValidationError, match=message):
        parse_id_number(number)


@given(
    st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 12, 31)),
    st.integers(0, 999),
    st.booleans(),
)
def test_every_generated_id_is_valid_and_any_single_digit_change_is_caught(birth, seq, male):
    number = make_id_number(birth, seq, male=male)
    info = parse_id_number(number)
    assert info.birth_date == birth and info.gender == ("1" if male else "2")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError):
        parse_id_number(wrong)


@given(st.integers(0, 10_000))
def test_generated_credit_codes_pass_and_a_changed_check_char_fails(seed):
    code = make_credit_code(seed)
    validate_credit_code(code)
    other = code[:17] + ("1" if code[17] != "1" else "2")
    with pytest.raises(ValidationError, match="校验位"):
        validate_credit_code(other)


def test_credit_code_length_and_alphabet():
    with pytest.raises(ValidationError, match="18位"):
        validate_credit_code("91650100ABC")
    with pytest.raises(ValidationError, match="不允许的字符"):
        validate_credit_code("9165010000000000IO")

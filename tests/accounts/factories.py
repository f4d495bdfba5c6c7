"""Factories for accounts tests: people, units in each registration state, change requests."""

import datetime as dt
import itertools

import factory

from accounts.constants import OrgKind
from accounts.models import Membership, Organisation, Region, User
from accounts.synthetic import make_credit_code, make_id_number
from filings.demo import minimal_pdf

_seq = itertools.count(1)

PASSWORD = "Sample#Pass2026"

# a real one-page PDF: uploads are accepted only when pypdf can read them
PDF_BYTES = minimal_pdf("test")
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def new_id_number(male=True):
    n = next(_seq)
    return make_id_number(dt.date(1985, 1, 1) + dt.timedelta(days=n * 37), 100 + n, "652301", male=male)


def new_credit_code():
    return make_credit_code(f"test-{next(_seq)}")


def bad_checksum_code():
    good = new_credit_code()
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    wrong = alphabet[(alphabet.index(good[-1]) + 1) % len(alphabet)]
    return good[:-1] + wrong


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    phone = "13900000000"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    """A base unit; `pending=True` submits it to its 材料接收部门 (parent)."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrgKind.BASE_UNIT
    region = factory.LazyFunction(lambda: Region.objects.get(code="652301"))
    credit_code = factory.LazyFunction(new_credit_code)
    contact_name = "联系人甲"
    contact_phone = "0994-0000000"
    unit_nature = "county_and_below"
    address = "昌吉市测试路1号"

    @classmethod
    def _create(cls, model_class, *args, pending=False, admin=None, **kwargs):
        from zhicheng import workflow

        org = model_class.objects.create(*args, **kwargs)
        if admin is not None:
            Membership.objects.create(user=admin, organisation=org, role="base_admin", is_admin=True)
        if pending:
            workflow.submit(org, by=admin)
            org.refresh_from_db()
        return org

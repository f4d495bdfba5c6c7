"""Issue 7 #5: one unit per 统一社会信用代码, enforced by PostgreSQL even when two registrations
race; the loser gets the usual message. The migration refuses to run over duplicates."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from accounts import services
from accounts.models import Organisation
from tests.accounts.factories import PDF_BYTES, new_credit_code


def _unit(orgs, code):
    return {
        "name": "并发注册的示例单位",
        "credit_code": code,
        "unit_nature": "county_and_below",
        "region": orgs["county"].region,
        "parent": orgs["county"],
        "address": "昌吉市示例路1号",
        "contact_name": "联系人",
        "contact_phone": "0994-0000001",
    }


def _licence():
    return SimpleUploadedFile("l.pdf", PDF_BYTES, content_type="application/pdf")


@pytest.mark.django_db(transaction=True)
def test_two_registrations_racing_with_one_code_create_one_unit(cast, orgs, users):
    assert connection.vendor == "postgresql"
    code = new_credit_code()
    first_inserted, release_first = threading.Event(), threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                services.register_unit(
                    admin=None,
                    unit=_unit(orgs, code),
                    licence=_licence(),
                    licence_kind="pdf",
                    by=users["applicant"],
                )
                first_inserted.set()
                release_first.wait(10)  # hold the row uncommitted while the second one checks and inserts
            results["first"] = "ok"
        except Exception as exc:  # pragma: no cover - reported below
            results["first"] = exc
        finally:
            first_inserted.set()
            connection.close()

    def second():
        first_inserted.wait(10)
        try:
            services.register_unit(
                admin=None,
                unit=_unit(orgs, code),
                licence=_licence(),
                licence_kind="pdf",
                by=users["applicant2"],
            )
            results["second"] = "ok"
        except services.AccountsError as exc:
            results["second"] = str(exc)
        except Exception as exc:  # pragma: no cover
            results["second"] = exc
        finally:
            connection.close()

    a, b = threading.Thread(target=first), threading.Thread(target=second)
    a.start()
    b.start()
    first_inserted.wait(10)
    b.join(1.5)  # the second blocks on the unique index (or, without it, finishes: the old bug)
    release_first.set()
    a.join(15)
    b.join(15)
    assert results["first"] == "ok"
    assert results["second"] == "该统一社会信用代码已注册。"
    assert Organisation.objects.filter(credit_code=code).count() == 1


def test_the_override_path_is_unique_too(cast, orgs):
    code = orgs["base_short"].credit_code
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="早期赋码重复",
            kind="base_unit",
            region=orgs["county"].region,
            credit_code=code,
            credit_code_override=True,
        )
    # bodies without a code (offices, committees) are not affected
    Organisation.objects.create(name="无代码一", kind="committee", region=orgs["county"].region)
    Organisation.objects.create(name="无代码二", kind="committee", region=orgs["county"].region)


def test_the_migration_refuses_to_run_over_duplicates_and_says_how_to_merge(cast, orgs):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0008_unique_credit_code")
    constraint = next(
        c for c in Organisation._meta.constraints if c.name == "organisation_unique_credit_code"
    )
    with connection.schema_editor() as editor:
        editor.remove_constraint(Organisation, constraint)
    Organisation.objects.create(
        name="重复的单位",
        kind="base_unit",
        region=orgs["county"].region,
        credit_code=orgs["base_long"].credit_code,
    )
    with pytest.raises(RuntimeError) as exc:
        migration.refuse_duplicates(apps, None)
    text = str(exc.value)
    assert orgs["base_long"].credit_code in text and "重复的单位" in text and "Merge" in text

"""The audit trail: one entry per change, a hash chain that catches an edit made behind the
app's back, rows that neither the model nor (on PostgreSQL) the database let anybody rewrite."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from accounts.constants import OrgKind
from accounts.services import create_organisation
from zhicheng import audit, workflow
from zhicheng.audit import AppendOnlyError, AuditEntry
from zhicheng.workflow import ChainStep, WorkflowError

pg_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


@pytest.fixture
def new_unit(orgs):
    return create_organisation(
        name="审计测试单位", kind=OrgKind.BASE_UNIT, region=orgs["county"].region, parent=orgs["county"]
    )


def _tamper(sql, params):
    """Change a row the way somebody with database access would, past the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def test_a_transition_is_logged_with_who_which_organisation_and_role(new_unit, users, orgs):
    workflow.submit(new_unit, by=users["base_long"])
    new_unit.refresh_from_db()
    workflow.send_back(
        new_unit, by=users["county"], expected_step_id=new_unit.current_step_id, opinion="缺执照"
    )
    entries = list(audit.entries_for(new_unit))
    assert [e.action for e in entries] == [
        "accounts.unit.returned",
        "accounts.unit.submitted",
        "accounts.organisation.created",
    ]
    returned = entries[0]
    assert returned.actor == users["county"] and returned.organisation == orgs["county"]
    assert returned.organisation_name == orgs["county"].name and returned.role == "supervisor"
    assert returned.data["opinion"] == "缺执照" and returned.data["state"] == ["in_review", "returned"]
    assert returned.prev_hash == entries[1].hash


def test_the_chain_verifies_and_names_the_first_edited_entry(new_unit, users, capsys):
    workflow.submit(new_unit, by=users["base_long"])
    assert audit.verify() is None
    call_command("verify_audit")
    assert "哈希链校验通过" in capsys.readouterr().out
    victim = audit.entries_for(new_unit).order_by("pk").first()
    _tamper("UPDATE zhicheng_auditentry SET actor_name = %s WHERE id = %s", ["某人", victim.pk])
    broken = audit.verify()
    assert broken.entry.pk == victim.pk and "被修改" in broken.reason
    with pytest.raises(CommandError, match=f"id={victim.pk}"):
        call_command("verify_audit")


def test_a_deleted_entry_breaks_the_link_of_the_next_one(new_unit, users):
    workflow.submit(new_unit, by=users["base_long"])
    first, second = audit.entries_for(new_unit).order_by("pk")[:2]
    _tamper("DELETE FROM zhicheng_auditentry WHERE id = %s", [first.pk])
    broken = audit.verify()
    assert broken.entry.pk == second.pk and "哈希不符" in broken.reason


def test_the_model_refuses_to_change_or_delete_an_entry(new_unit):
    entry = audit.entries_for(new_unit).first()
    entry.action = "accounts.unit.approved"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "accounts.organisation.created"


@pg_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE zhicheng_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM zhicheng_auditentry WHERE id = %s",
    ],
)
def test_postgresql_refuses_update_and_delete_even_in_raw_sql(new_unit, sql):
    entry = audit.entries_for(new_unit).first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, action="accounts.organisation.created").exists()


def test_edited_fields_are_kept_old_to_new(users):
    from accounts.services import update_profile

    user = users["applicant"]
    old_phone = user.phone
    update_profile(user, phone="13911112222", office_phone=user.office_phone, email=user.email)
    entry = audit.entries_for(user).first()
    assert entry.action == "accounts.user.changed"
    assert entry.changes == {"phone": [old_phone, "13911112222"]}


def test_an_entry_written_in_a_rolled_back_transaction_is_gone(new_unit, users):
    count = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.log("accounts.unit.test", new_unit, by=users["admin"])
        raise RuntimeError
    assert AuditEntry.objects.count() == count
    assert audit.verify() is None


def test_steps_of_a_submitted_object_cannot_be_deleted_with_it(new_unit, users, orgs):
    from accounts.models import UnitChangeRequest

    change = UnitChangeRequest.objects.create(
        organisation=orgs["base_short"], name="改名后的单位", contact_name="甲", contact_phone="0994-1"
    )
    workflow.submit(change, by=users["base_short"])
    with pytest.raises(WorkflowError), transaction.atomic():
        change.delete()
    with pytest.raises(WorkflowError), transaction.atomic():
        ChainStep.objects.filter(object_id=change.pk, started_at__isnull=False).first().delete()
    assert UnitChangeRequest.objects.filter(pk=change.pk).exists()
    assert audit.entries_for(change).get().action == "accounts.unit_change.submitted"


def test_each_object_page_shows_its_own_history(client_for, new_unit, users):
    workflow.submit(new_unit, by=users["base_long"])
    page = client_for("county").get(f"/accounts/review/units/{new_unit.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "操作记录" in html and "accounts.unit.submitted" in html


def test_the_admin_searches_the_log_by_person_and_exports_it(client_for, new_unit, users):
    workflow.submit(new_unit, by=users["base_long"])
    admin = client_for("admin")
    url = "/admin/zhicheng/auditentry/"
    page = admin.get(url, {"q": users["base_long"].real_name})
    assert page.status_code == 200 and "accounts.unit.submitted" in page.content.decode()
    assert "accounts.organisation.created" not in page.content.decode()
    ids = [str(e.pk) for e in audit.entries_for(new_unit)]
    export = admin.post(url, {"action": "export_csv", "_selected_action": ids})
    assert export["Content-Disposition"].startswith("attachment;")
    body = export.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("编号,时间,操作") and "accounts.unit.submitted" in body
    assert client_for("county").get(url).status_code == 302  # not staff: the admin login


def test_an_edit_in_the_django_admin_is_logged_old_to_new(client_for, orgs):
    unit = orgs["base_short"]
    admin = client_for("admin")
    url = f"/admin/accounts/organisation/{unit.pk}/change/"
    form = admin.get(url).context["adminform"].form
    from django.db.models.fields.files import FieldFile

    page = admin.get(url)
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and not isinstance(v, list | tuple | FieldFile) and k != "password"
    }
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data["name"] = "改名后的机械公司"
    admin.post(url, data)
    entry = audit.entries_for(unit).filter(action="accounts.organisation.admin_changed").first()
    if entry is None:  # the form refused the post: say why instead of a bare failure
        page = admin.post(url, data)
        pytest.fail(str(page.context["adminform"].form.errors if page.context else page.status_code))
    assert entry.changes["name"] == [unit.name, "改名后的机械公司"]

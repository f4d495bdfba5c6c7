"""The chain 申请人 → 基层工作单位 → 主管单位 with a return and resubmission; the result is a title record."""

import pytest
from django.urls import reverse

from accounts.models import Message
from backfill import services
from filings.titles import TitleSource, titles_of
from zhicheng.audit import entries_for
from zhicheng.workflow import ChainState, StepAction

pytestmark = pytest.mark.django_db


def test_a_return_with_a_reason_then_resubmission_then_both_units_accept(users, orgs, make_backfill):
    bf = make_backfill(submitted=True)
    assert bf.current_org == orgs["base_short"] and bf.status_text().startswith("已经提交至基层工作单位")
    base, supervisor = users["base_short"], users["dept"]

    # the 主管单位 cannot act while the base unit holds it
    with pytest.raises(services.BackfillError, match="当前不在您的单位办理"):
        services.forward_backfill(bf, by=supervisor, expected_step_id=bf.current_step_id)

    with pytest.raises(services.BackfillError, match="请填写退回原因"):
        services.return_backfill(bf, by=base, expected_step_id=bf.current_step_id, reason="  ")
    bf = services.return_backfill(
        bf, by=base, expected_step_id=bf.current_step_id, reason="证书编号与原件不符"
    )
    assert bf.state == ChainState.RETURNED and bf.is_editable
    assert Message.objects.filter(user=users["applicant"], body__contains="证书编号与原件不符").exists()

    # fix and resubmit: the chain starts again at the base unit
    services.update_title(
        bf,
        by=users["applicant"],
        data={**{f: getattr(bf, f) for f in services.TITLE_FIELDS}, "certificate_no": "20113202706"},
    )
    bf = services.submit_backfill(bf, by=users["applicant"])
    assert bf.chain_round == 2 and bf.current_org == orgs["base_short"]

    bf = services.forward_backfill(bf, by=base, expected_step_id=bf.current_step_id, opinion="情况属实")
    assert bf.current_org == orgs["dept"] and bf.current_label == "主管单位"
    assert bf.status_text().startswith("已经提交至主管单位")
    assert not titles_of(users["applicant"]).exists()

    bf = services.forward_backfill(bf, by=supervisor, expected_step_id=bf.current_step_id, opinion="同意")
    assert bf.state == ChainState.ACCEPTED
    [record] = titles_of(users["applicant"])
    assert (record.source, record.certificate_no, record.granted_on) == (
        TitleSource.BACKFILL,
        "20113202706",
        bf.granted_on,
    )

    actions = [e.action for e in reversed(entries_for(bf))]
    assert actions[-7:] == [
        "backfill.backfill.submitted",
        "backfill.backfill.returned",
        "backfill.backfill.title_changed",
        "backfill.backfill.submitted",
        "backfill.backfill.forwarded",
        "backfill.backfill.accepted",
        "backfill.title.recorded",
    ]
    returned = next(e for e in entries_for(bf) if e.action == "backfill.backfill.returned")
    assert returned.organisation == orgs["base_short"] and returned.data["opinion"] == "证书编号与原件不符"

    log = [(s.node_label, s.action, s.opinion) for s in reversed(bf.flow_steps())]
    assert log == [
        ("申请人", StepAction.SUBMITTED, ""),
        ("基层工作单位", StepAction.RETURNED, "证书编号与原件不符"),
        ("申请人", StepAction.SUBMITTED, ""),
        ("基层工作单位", StepAction.FORWARDED, "情况属实"),
        ("主管单位", StepAction.ACCEPTED, "同意"),
        ("补录完成", StepAction.REACHED, ""),
    ]


def test_a_submitted_form_is_frozen_and_an_incomplete_one_cannot_be_submitted(users, make_backfill):
    bf = make_backfill()
    bf.attachments.all().delete()
    with pytest.raises(services.BackfillError, match="附件"):
        services.submit_backfill(bf, by=users["applicant"])
    bf.entries.filter(kind="education").delete()
    with pytest.raises(services.BackfillError, match="学历学位"):
        services.submit_backfill(bf, by=users["applicant"])
    other = make_backfill("applicant2", submitted=True)
    with pytest.raises(services.BackfillError, match="已提交，不能再修改"):
        services.save_basic(other, by=users["applicant2"], data={})


def test_the_reviewers_pages_forward_and_return_through_confirm_steps(users, client_for, make_backfill):
    bf = make_backfill(submitted=True)
    base = client_for("base_short")
    url = reverse("backfill:forward", args=[bf.pk])
    page = base.get(url)
    assert page.status_code == 200 and "确定审核通过并提交至主管单位吗" in page.content.decode()
    assert 'name="expected_step"' in page.content.decode() and "审核意见" in page.content.decode()
    # a stale step id gets the conflict page and nothing moves
    r = base.post(url, {"confirm": "1", "expected_step": bf.current_step_id + 99})
    assert r.status_code == 409 and "该记录已被他人处理，请刷新后重试" in r.content.decode()
    bf.refresh_from_db()
    assert bf.current_label == "基层工作单位"
    # without confirm=1 the opinion is shown back on a confirm page first
    r = base.post(url, {"expected_step": bf.current_step_id, "reason": "属实"})
    assert r.status_code == 200 and "审核意见：属实" in r.content.decode()
    bf.refresh_from_db()
    assert bf.current_label == "基层工作单位"
    r = base.post(url, {"confirm": "1", "expected_step": bf.current_step_id, "reason": "属实"})
    assert r.status_code == 302
    bf.refresh_from_db()
    assert bf.current_label == "主管单位"
    assert bf.steps.filter(opinion="属实", handler=users["base_short"]).exists()
    sup = client_for("dept")
    back = reverse("backfill:return", args=[bf.pk])
    r = sup.post(back, {"expected_step": bf.current_step_id, "reason": " ", "confirm": "1"})
    assert r.status_code == 200 and "请填写退回原因" in r.content.decode()
    bf.refresh_from_db()
    assert bf.state == ChainState.IN_REVIEW
    r = sup.post(back, {"expected_step": bf.current_step_id, "reason": "批文号有误", "confirm": "1"})
    assert r.status_code == 302
    bf.refresh_from_db()
    assert bf.state == ChainState.RETURNED
    detail = client_for("applicant").get(reverse("backfill:detail", args=[bf.pk])).content.decode()
    assert "批文号有误" in detail and "已退回，请修改后重新提交" in detail

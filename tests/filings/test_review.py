"""Routing, the title offices' queue, 退回 → edit → resubmit → 接收, and who may see what."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Message, User
from accounts.services import add_member
from zhicheng.workflow import ChainState, ChainStep

pytestmark = pytest.mark.django_db


def test_prefecture_committee_junior_filings_go_to_its_prefecture_office(make_filing, orgs):
    filing = make_filing(submitted=True)
    assert filing.current_org == orgs["office_changji"] and filing.current_label == "地州职称办公室"


def test_senior_filings_of_a_prefecture_committee_go_to_the_region_office(make_filing, orgs, reviewable):
    filing = make_filing(level="gaoji_excl_edu", qualifications=[], submitted=False)
    filing.items.create(qualification=reviewable["mech_senior"])
    assert filing.target_office() == orgs["office_region"]


def test_region_level_committees_go_to_the_region_office_whatever_the_level(make_filing, orgs):
    filing = make_filing("committee_region", submitted=True)
    assert filing.current_org == orgs["office_region"] and filing.current_label == "自治区职称办公室"
    junior = make_filing("committee_region", level="chuzhong", qualifications=[])
    assert junior.target_office() == orgs["office_region"]


def test_return_with_opinion_then_edit_resubmit_and_accept(make_filing, client_for, users, orgs):
    filing = make_filing(submitted=True)
    serial = filing.serial_no
    office = client_for("office_changji")
    committee = client_for("committee_changji")

    assert filing.title in office.get(reverse("filings:queue")).content.decode()
    page = office.get(reverse("filings:review", args=[filing.pk])).content.decode()
    assert "退回" in page and "接收" in page
    resp = office.post(
        reverse("filings:return", args=[filing.pk]), {"reason": "", "expected_step": filing.current_step_id}
    )
    assert "请填写办理意见。" in resp.content.decode()
    office.post(
        reverse("filings:return", args=[filing.pk]),
        {"reason": "请补充评审工作方案", "expected_step": filing.current_step_id, "confirm": "1"},
    )
    filing.refresh_from_db()
    assert filing.state == ChainState.RETURNED
    assert Message.objects.filter(user=users["committee_changji"], title__contains="已退回").exists()

    wizard = committee.get(reverse("filings:step", args=[filing.pk, 1])).content.decode()
    assert "办理意见：请补充评审工作方案" in wizard
    committee.post(
        reverse("filings:step", args=[filing.pk, 4]),
        {"action": "next", "notice_title": "修改后的通知", "notice_html": "<div>已补充</div>"},
    )
    committee.post(reverse("filings:submit", args=[filing.pk]))
    filing.refresh_from_db()
    assert (
        filing.state == ChainState.IN_REVIEW
        and filing.serial_no == serial
        and filing.notice_title == "修改后的通知"
    )

    confirm = office.get(reverse("filings:accept", args=[filing.pk])).content.decode()
    assert "确认接收" in confirm
    office.post(
        reverse("filings:accept", args=[filing.pk]), {"expected_step": filing.current_step_id, "confirm": "1"}
    )
    filing.refresh_from_db()
    assert filing.state == ChainState.ACCEPTED and filing.status_label() == "已接收材料"

    detail = committee.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert "流程日志" in detail and "用时" in detail and "请补充评审工作方案" in detail
    assert "chain-node done" in detail and orgs["office_changji"].contact_name in detail
    actions = list(
        ChainStep.objects.filter(object_id=filing.pk, content_type__model="filing")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["submitted", "returned", "submitted", "accepted", "reached"]


def test_another_committees_filing_answers_404_everywhere(make_filing, client_for):
    filing = make_filing()
    other = client_for("committee_region")
    for url in (
        reverse("filings:detail", args=[filing.pk]),
        reverse("filings:step", args=[filing.pk, 1]),
        reverse("filings:delete", args=[filing.pk]),
    ):
        assert other.get(url).status_code == 404
    assert other.post(reverse("filings:submit", args=[filing.pk])).status_code == 404
    assert other.post(reverse("filings:step", args=[filing.pk, 2]), {"action": "next"}).status_code == 404


def test_anonymous_visitors_are_sent_to_login(make_filing, client):
    filing = make_filing()
    for url in (
        reverse("filings:mine"),
        reverse("filings:create"),
        reverse("filings:detail", args=[filing.pk]),
        reverse("filings:queue"),
        reverse("filings:reviewable"),
        reverse("filings:step", args=[filing.pk, 1]),
    ):
        resp = client.get(url)
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_people_without_the_role_get_404(client_for):
    applicant = client_for("applicant")
    for name in ("filings:mine", "filings:create", "filings:queue", "filings:reviewable"):
        assert applicant.get(reverse(name)).status_code == 404


def test_an_office_sees_only_filings_routed_to_it(make_filing, client_for):
    junior = make_filing(submitted=True, title="昌吉中初级备案")
    senior = make_filing("committee_region", submitted=True, title="自治区高级备案")
    draft = make_filing(title="未提交的草稿")
    region_office = client_for("office_region")
    queue = region_office.get(reverse("filings:queue")).content.decode()
    assert "自治区高级备案" in queue and "昌吉中初级备案" not in queue
    assert "未提交的草稿" not in region_office.get(reverse("filings:queue") + "?tab=all").content.decode()
    assert region_office.get(reverse("filings:review", args=[junior.pk])).status_code == 404
    assert region_office.get(reverse("filings:review", args=[draft.pk])).status_code == 404
    assert (
        region_office.post(
            reverse("filings:accept", args=[junior.pk]), {"expected_step": junior.current_step_id}
        ).status_code
        == 404
    )
    changji_office = client_for("office_changji")
    assert changji_office.get(reverse("filings:review", args=[senior.pk])).status_code == 404
    assert changji_office.get(reverse("filings:detail", args=[junior.pk])).status_code == 200


def test_the_office_keeps_read_access_after_accepting_but_cannot_act_again(make_filing, client_for):
    filing = make_filing(accepted=True)
    office = client_for("office_changji")
    page = office.get(reverse("filings:review", args=[filing.pk])).content.decode()
    assert 'id="review-actions"' not in page
    resp = office.post(
        reverse("filings:accept", args=[filing.pk]), {"expected_step": filing.current_step_id}, follow=True
    )
    assert "该记录已被他人处理，请刷新后重试" in resp.content.decode()
    assert "全部备案" in office.get(reverse("filings:queue") + "?tab=all").content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_office_users_pressing_accept_at_once_make_one_step_and_one_message(cast, quals):
    from filings.models import ReviewableQualification
    from filings.services import accept_filing
    from zhicheng.errors import PlatformError

    from .factories import FilingFactory

    users, orgs = cast["users"], cast["orgs"]
    ReviewableQualification.objects.create(
        committee=orgs["committee_changji"], qualification=quals["mech_mid"]
    )
    second = User.objects.create(username="zcb_changji2", real_name="第二经办人")
    add_member(orgs["office_changji"], second)
    filing = FilingFactory(
        committee=orgs["committee_changji"],
        created_by=users["committee_changji"],
        qualifications=[quals["mech_mid"]],
        submitted=True,
    )
    step_id = filing.current_step_id
    barrier = threading.Barrier(2)
    outcomes = []

    def press(user):
        try:
            from filings.models import Filing

            obj = Filing.objects.get(pk=filing.pk)
            barrier.wait()
            accept_filing(obj, by=user, expected_step_id=step_id)
            outcomes.append("ok")
        except PlatformError as exc:  # the conflict arrives as the machinery raised it, unwrapped
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in (users["office_changji"], second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "该记录已被他人处理，请刷新后重试"]
    assert (
        ChainStep.objects.filter(object_id=filing.pk, content_type__model="filing", action="accepted").count()
        == 1
    )
    assert (
        Message.objects.filter(user=users["committee_changji"], title__startswith="备案已接收").count() == 1
    )


def test_post_only_actions_refuse_get(make_filing, client_for):
    filing = make_filing(submitted=True)
    c = client_for("committee_changji")
    assert c.get(reverse("filings:submit", args=[filing.pk])).status_code == 405
    assert c.get(reverse("filings:attachment-upload", args=[filing.pk])).status_code == 405


def test_garbage_parameters_answer_404_or_the_conflict_message_not_500(make_filing, client_for):
    filing = make_filing(submitted=True)
    office = client_for("office_changji")
    resp = office.post(reverse("filings:accept", args=[filing.pk]), {"expected_step": "x"}, follow=True)
    assert "该记录已被他人处理，请刷新后重试" in resp.content.decode()
    filing.refresh_from_db()
    assert filing.state == ChainState.IN_REVIEW
    assert office.get(reverse("filings:reviewable"), {"committee": "abc"}).status_code == 404

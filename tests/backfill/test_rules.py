"""Who may backfill what (guide 003, 补录说明): the guide's example, 以考代评, twice, date bounds, 批文号."""

import datetime as dt

import pytest
from django.urls import reverse

from backfill import services
from backfill.forms import TitleForm
from backfill.models import Backfill
from filings.constants import Level
from filings.titles import TitleMethod, TitleSource, record_title, titles_of

from .conftest import form_post, qual, title_data

pytestmark = pytest.mark.django_db


def test_the_guides_example_backfills_exactly_2001_and_2007_each_refusal_saying_why(users, reference):
    """初级工程师 1990, 工程师 2001, 高级工程师 2007, 正高级工程师 2019 with an e-certificate."""
    me = users["applicant"]
    record_title(
        me,
        qualification=qual(Level.ZHENGGAO),
        method=TitleMethod.REVIEW,
        granted_on=dt.date(2019, 5, 1),
        source=TitleSource.ECERT,
    )
    outcomes = {}
    for level, granted in [
        (Level.ZHULIJI, dt.date(1990, 7, 1)),
        (Level.ZHONGJI, dt.date(2001, 6, 30)),
        (Level.FUGAO, dt.date(2007, 12, 31)),
        (Level.ZHENGGAO, dt.date(2019, 5, 1)),
    ]:
        try:
            services.create_backfill(by=me, data=title_data(reference, level=level, granted_on=granted))
            outcomes[granted.year] = "ok"
        except services.BackfillError as exc:
            outcomes[granted.year] = str(exc)
    assert outcomes[2001] == outcomes[2007] == "ok"
    assert "只补录2000年至2021年间取得的职称" in outcomes[1990] and "1990-07-01" in outcomes[1990]
    assert "已于2019年取得职称电子证书" in outcomes[2019] and "不需要补录" in outcomes[2019]
    assert sorted(b.granted_on.year for b in Backfill.objects.filter(person=me)) == [2001, 2007]


def test_titles_by_examination_are_refused(users, reference):
    with pytest.raises(services.BackfillError, match="以考代评所取得的职称信息不用补录"):
        services.create_backfill(by=users["applicant"], data=title_data(reference, method=TitleMethod.EXAM))
    assert not Backfill.objects.exists()


def test_the_same_title_twice_is_refused_with_the_first_forms_number(users, reference):
    first = services.create_backfill(by=users["applicant"], data=title_data(reference))
    with pytest.raises(services.BackfillError, match=f"您已填写过该职称的补录申报表（{first.number}）"):
        services.create_backfill(
            by=users["applicant"], data=title_data(reference, granted_on=dt.date(2003, 1, 1))
        )
    assert Backfill.objects.count() == 1
    # another person may backfill the same title
    services.create_backfill(by=users["applicant2"], data=title_data(reference))


@pytest.mark.parametrize(
    "granted, ok",
    [("1999-12-31", False), ("2000-01-01", True), ("2021-12-31", True), ("2022-01-01", False)],
)
def test_the_grant_date_must_lie_between_2000_and_2021(users, reference, granted, ok):
    data = title_data(reference, granted_on=dt.date.fromisoformat(granted))
    if ok:
        assert services.create_backfill(by=users["applicant"], data=data).granted_on.isoformat() == granted
    else:
        with pytest.raises(services.BackfillError, match="不在补录范围内"):
            services.create_backfill(by=users["applicant"], data=data)
        assert not Backfill.objects.exists()


def test_the_approval_number_is_joined_from_its_three_parts(users, reference):
    bf = services.create_backfill(by=users["applicant"], data=title_data(reference))
    assert bf.approval_no == "新经信人事【2011】3号"
    bf.approval_seq = "3"  # the 号 is added when left out
    assert bf.approval_no == "新经信人事【2011】3号"


def test_the_form_derives_the_qualification_and_validates_the_url_and_the_sub_specialty(reference):
    from filings.models import Specialty

    form = TitleForm(form_post(reference))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["qualification"] == qual(Level.ZHONGJI)
    assert "notice_url" in TitleForm(form_post(reference, notice_url="不是网址")).errors
    other_sub = Specialty.objects.create(
        code="X-1",
        name="别的二级专业",
        series=qual(Level.ZHONGJI).specialty.series,
        parent=qual(Level.ZHONGJI, "建筑专业").specialty,
    )
    errors = TitleForm(form_post(reference, sub_specialty=other_sub.pk)).errors
    assert errors["sub_specialty"] == ["二级专业不属于所选专业。"]
    ok_sub = Specialty.objects.get(name="机械制造工程师")
    assert TitleForm(form_post(reference, sub_specialty=ok_sub.pk)).is_valid()
    wrong_area = TitleForm(form_post(reference, area="prefecture")).errors
    assert wrong_area["committee"] == ["该评审委员会不属于所选的职称评审区域。"]


def test_titles_of_lists_an_accepted_backfill_and_it_cannot_be_backfilled_again(users, make_backfill):
    bf = make_backfill(submitted=True)
    bf = services.forward_backfill(bf, by=users["base_short"], expected_step_id=bf.current_step_id)
    bf = services.forward_backfill(bf, by=users["dept"], expected_step_id=bf.current_step_id)
    [record] = titles_of(users["applicant"])
    assert record.source == TitleSource.BACKFILL and record.source_object == bf
    assert record.approval_no == "新经信人事【2011】3号" and record.certificate_no == "20113202705"
    with pytest.raises(services.BackfillError):
        services.check_title(
            users["applicant"], qualification=bf.qualification, granted_on=bf.granted_on, method=bf.method
        )


def test_the_platform_admin_adds_a_sub_specialty_and_the_form_offers_it(client_for, reference):
    from filings.models import Specialty

    mech = qual(Level.ZHONGJI).specialty
    admin = client_for("admin")
    r = admin.post(
        reverse("admin:filings_specialty_add"),
        {
            "series": mech.series_id,
            "parent": mech.pk,
            "code": "00189-09",
            "name": "液压传动工程师",
            "track": "",
            "sub_specialties-TOTAL_FORMS": "0",
            "sub_specialties-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    sub = Specialty.objects.get(code="00189-09")
    assert sub.parent == mech
    assert sub in TitleForm().fields["sub_specialty"].queryset
    assert sub not in TitleForm().fields["specialty"].queryset
    assert admin.get(reverse("admin:backfill_issuer_add")).status_code == 200

"""专家库 rules: adding experts one by one or from Excel, their relatives and former employers,
and the conflict (回避) rule the meetings app applies to every draw and every candidate."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.validators import normalise_credit_code, normalise_id_number, parse_id_number
from zhicheng import audit
from zhicheng.errors import PlatformError

from .constants import CONFLICT_YEARS, MAX_TERM_YEARS, ExpertStatus
from .models import Employment, Expert, Relative


class ExpertsError(PlatformError):
    """A refused change; the message is shown to the user as is."""


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_term(start, end):
    if end < start:
        raise ExpertsError(_("聘期结束不能早于聘期开始。"))
    if end > _years_before(start, -MAX_TERM_YEARS):
        raise ExpertsError(_("专家聘期最长为%d年。") % MAX_TERM_YEARS)


def person_for(*, real_name, id_number, phone):
    """1 ID = 1 account: the existing account of that 身份证号, or a new one without a password
    (the expert sets it through 忘记密码 with the phone/email on file)."""
    info = parse_id_number(id_number)
    user = User.objects.filter(id_number=info.number).first()
    if user is not None:
        if real_name and user.real_name and user.real_name != real_name.strip():
            raise ExpertsError(
                _("身份证号%(id)s已注册为“%(name)s”，与填写的姓名不符。")
                % {"id": info.number, "name": user.real_name}
            )
        return user
    user = User(
        username=info.number,
        id_number=info.number,
        real_name=real_name.strip(),
        phone=phone.strip(),
        birth_date=info.birth_date,
        gender=info.gender,
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def add_expert(
    committee,
    *,
    by,
    real_name,
    id_number,
    phone,
    series,
    specialties,
    title_level,
    employer,
    region,
    term_start,
    term_end,
):
    check_term(term_start, term_end)
    if not specialties:
        raise ExpertsError(_("请至少选择一个专业。"))
    if any(s.series_id != series.pk for s in specialties):
        raise ExpertsError(_("所选专业不属于所选系列。"))
    try:
        user = person_for(real_name=real_name, id_number=id_number, phone=phone)
    except ValidationError as exc:
        raise ExpertsError(" ".join(exc.messages)) from None
    if Expert.objects.filter(committee=committee, user=user).exists():
        raise ExpertsError(_("该专家已在本专家库中。"))
    expert = Expert.objects.create(
        committee=committee,
        user=user,
        series=series,
        title_level=title_level,
        employer=employer,
        region=region,
        term_start=term_start,
        term_end=term_end,
        phone=phone.strip(),
    )
    expert.specialties.set(specialties)
    audit.log(
        "experts.expert.added",
        expert,
        by=by,
        org=committee,
        data={
            "user": user.pk,
            "specialties": [s.code for s in specialties],
            "term": [term_start, term_end],
            "employer": employer.credit_code if employer else "",
        },
    )
    return expert


@transaction.atomic
def set_status(expert, *, by, status):
    if status not in ExpertStatus.values:
        raise ExpertsError(_("状态不正确。"))
    old = Expert.objects.select_for_update().values_list("status", flat=True).get(pk=expert.pk)
    Expert.objects.filter(pk=expert.pk).update(status=status)
    expert.status = status
    audit.log(
        "experts.expert.status_changed",
        expert,
        by=by,
        org=expert.committee,
        changes={"status": [old, status]},
    )
    return expert


@transaction.atomic
def add_relative(expert, *, by, name, id_number, relation=""):
    try:
        number = parse_id_number(id_number).number
    except ValidationError as exc:
        raise ExpertsError(" ".join(exc.messages)) from None
    if expert.relatives.filter(id_number=number).exists():
        raise ExpertsError(_("该近亲属已登记。"))
    relative = Relative.objects.create(
        expert=expert, name=name.strip(), id_number=number, relation=relation.strip()
    )
    audit.log(
        "experts.relative.added",
        expert,
        by=by,
        org=expert.committee,
        data={"name": relative.name, "relation": relation},
    )
    return relative


@transaction.atomic
def add_employment(person, *, by, name, credit_code, start, end=None):
    from accounts.validators import validate_credit_code

    try:
        validate_credit_code(credit_code)
    except ValidationError as exc:
        raise ExpertsError(" ".join(exc.messages)) from None
    if end is not None and end < start:
        raise ExpertsError(_("结束时间不能早于开始时间。"))
    code = normalise_credit_code(credit_code)
    job = Employment.objects.create(
        person=person,
        organisation=Organisation.objects.filter(credit_code=code).first(),
        name=name.strip(),
        credit_code=code,
        start=start,
        end=end,
    )
    audit.log(
        "experts.employment.added", person, by=by, data={"credit_code": code, "start": start, "end": end}
    )
    return job


# ---- 回避: who may not review whom ------------------------------------------------------------------
def employer_codes(person, current=None, *, on):
    """{credit code: name} of the person's employer now and of every employer within 3 years."""
    since = _years_before(on, CONFLICT_YEARS)
    codes = {}
    if current is not None and current.credit_code:
        codes[current.credit_code] = current.name
    for job in Employment.objects.filter(person=person).exclude(end__lt=since).exclude(start__gt=on):
        codes.setdefault(job.credit_code, job.name)
    return codes


@dataclass
class Conflict:
    kind: str  # self / relative / employer
    reason: str
    details: dict = field(default_factory=dict)


def conflicts_between(expert, applicant, applicant_employer, *, on=None):
    """Why `expert` must withdraw from reviewing `applicant` (an empty list: no conflict).
    Compared by 身份证号 and 统一社会信用代码, never by names."""
    on = on or timezone.localdate()
    found = []
    person = expert.user
    applicant_id = normalise_id_number(applicant.id_number)
    if person.pk == applicant.pk or (applicant_id and normalise_id_number(person.id_number) == applicant_id):
        found.append(Conflict("self", _("专家本人为申报人")))
    for rel in expert.relatives.all():
        if applicant_id and rel.id_number == applicant_id:
            found.append(Conflict("relative", _("申报人为专家申报的近亲属（%s）") % rel.name))
    mine = employer_codes(person, expert.employer, on=on)
    theirs = employer_codes(applicant, applicant_employer, on=on)
    for code in sorted(set(mine) & set(theirs)):
        found.append(
            Conflict(
                "employer",
                _("与申报人同一工作单位（现单位或近%(n)d年内）：%(name)s(%(code)s)")
                % {"n": CONFLICT_YEARS, "name": theirs[code], "code": code},
            )
        )
    return found


def active_experts(committee, *, on):
    return (
        Expert.objects.filter(
            committee=committee, status=ExpertStatus.ACTIVE, term_start__lte=on, term_end__gte=on
        )
        .select_related("user", "employer")
        .prefetch_related("specialties", "relatives")
    )

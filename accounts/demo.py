"""The synthetic demo cast (make run). Idempotent: running it twice duplicates nothing.

Other apps extend the demo with their own `<app>/demo.py: seed(cast)`, called in order by
`manage.py seed_demo`; `cast` is the dict built here.
"""

import datetime as dt

from .constants import OrgKind, OrgLevel
from .models import Organisation, Region, User
from .services import add_member, create_organisation
from .synthetic import make_credit_code, make_id_number

DEMO_PASSWORD = "Demo@2026zc"


def _org(name, **fields):
    org = Organisation.objects.filter(name=name).first()
    if org is None:
        org = create_organisation(approved=True, name=name, **fields)
    return org


def _user(username, real_name, *, id_number=None, phone="", is_superuser=False, email=""):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            real_name=real_name,
            id_number=id_number,
            phone=phone,
            email=email or f"{username}@example.cn",
            is_superuser=is_superuser,
            is_staff=is_superuser,
        )
        if id_number:
            from .validators import parse_id_number

            info = parse_id_number(id_number)
            user.birth_date, user.gender = info.birth_date, info.gender
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed():
    region = Region.objects.get(code="650000")
    changji = Region.objects.get(code="652300")
    changji_city = Region.objects.get(code="652301")

    office_region = _org(
        "自治区职称改革工作领导小组办公室",
        kind=OrgKind.TITLE_OFFICE,
        level=OrgLevel.REGION,
        region=region,
        contact_name="王晓梅",
        contact_phone="0991-0000101",
    )
    office_changji = _org(
        "昌吉回族自治州职称改革工作领导小组办公室",
        kind=OrgKind.TITLE_OFFICE,
        level=OrgLevel.PREFECTURE,
        region=changji,
        contact_name="李建国",
        contact_phone="0994-0000102",
    )
    committee_changji = _org(
        "昌吉州工程系列中初级评审委员会",
        kind=OrgKind.COMMITTEE,
        level=OrgLevel.PREFECTURE,
        region=changji,
        contact_name="赵丽",
        contact_phone="0994-0000103",
        address="昌吉市示例路1号州人社局",
    )
    committee_region = _org(
        "自治区工程技术高级评审委员会",
        kind=OrgKind.COMMITTEE,
        level=OrgLevel.REGION,
        region=region,
        contact_name="周强",
        contact_phone="0991-0000104",
    )
    dept = _org(
        "自治区工业和信息化厅职称办",
        kind=OrgKind.SUPERVISING,
        level=OrgLevel.DEPARTMENT,
        region=region,
        contact_name="孙伟",
        contact_phone="0991-0000105",
    )
    pref_bureau = _org(
        "昌吉州人力资源和社会保障局",
        kind=OrgKind.SUPERVISING,
        level=OrgLevel.PREFECTURE,
        region=changji,
        parent=dept,
        contact_name="钱芳",
        contact_phone="0994-0000106",
    )
    county = _org(
        "昌吉市人社局职称办",
        kind=OrgKind.SUPERVISING,
        level=OrgLevel.COUNTY,
        region=changji_city,
        parent=pref_bureau,
        contact_name="吴敏",
        contact_phone="0994-0000107",
    )
    base_short = _org(
        "新疆示例机械制造有限公司",
        kind=OrgKind.BASE_UNIT,
        region=region,
        parent=dept,
        credit_code=make_credit_code(1, "650100"),
        unit_nature="region_direct",
        contact_name="郑海",
        contact_phone="0991-0000108",
    )
    base_long = _org(
        "昌吉市示例人民医院",
        kind=OrgKind.BASE_UNIT,
        region=changji_city,
        parent=county,
        credit_code=make_credit_code(2),
        unit_nature="county_and_below",
        contact_name="冯静",
        contact_phone="0994-0000109",
    )

    cast = {
        "password": DEMO_PASSWORD,
        "orgs": {
            "office_region": office_region,
            "office_changji": office_changji,
            "committee_changji": committee_changji,
            "committee_region": committee_region,
            "dept": dept,
            "pref_bureau": pref_bureau,
            "county": county,
            "base_short": base_short,
            "base_long": base_long,
        },
        "users": {},
    }

    users = cast["users"]
    users["admin"] = _user("admin", "平台管理员", is_superuser=True)
    users["office_region"] = _user("zcb_region", "自治区职称办经办人")
    users["office_changji"] = _user("zcb_changji", "昌吉州职称办经办人")
    users["committee_changji"] = _user("pw_changji", "昌吉州评委会经办人")
    users["committee_region"] = _user("pw_region", "自治区评委会经办人")
    users["dept"] = _user("zg_gxt", "工信厅职称办经办人")
    users["pref_bureau"] = _user("zg_changji", "昌吉州人社局经办人")
    users["county"] = _user("zg_cjs", "昌吉市人社局经办人")
    users["base_short"] = _user(
        "dw_jixie",
        "机械公司管理员",
        id_number=make_id_number(dt.date(1980, 3, 12), 31, "650102"),
        phone="13800000001",
    )
    users["base_long"] = _user(
        "dw_yiyuan",
        "医院管理员",
        id_number=make_id_number(dt.date(1979, 7, 8), 52, "652301", male=False),
        phone="13800000002",
    )
    users["applicant"] = _user(
        "sq_zhang",
        "张示例",
        id_number=make_id_number(dt.date(1988, 5, 17), 123, "650102"),
        phone="13800000003",
    )
    users["applicant2"] = _user(
        "sq_li",
        "李示例",
        id_number=make_id_number(dt.date(1990, 11, 2), 244, "652301", male=False),
        phone="13800000004",
    )
    for key in [
        "office_region",
        "office_changji",
        "committee_changji",
        "committee_region",
        "dept",
        "pref_bureau",
        "county",
        "base_short",
        "base_long",
    ]:
        add_member(cast["orgs"][key], users[key])
    seed_pending_unit(cast)
    return cast


DEMO_LOGINS = [
    ("平台管理员", "admin"),
    ("申请人", "sq_zhang"),
    ("申请人(昌吉)", "sq_li"),
    ("基层单位管理员(也可申报)", "dw_jixie"),
    ("基层单位管理员(昌吉医院)", "dw_yiyuan"),
    ("县(市)级材料接收部门", "zg_cjs"),
    ("地州主管局", "zg_changji"),
    ("地厅级材料接收部门", "zg_gxt"),
    ("评审委员会(昌吉州中初级)", "pw_changji"),
    ("评审委员会(自治区高级)", "pw_region"),
    ("地州职称办公室", "zcb_changji"),
    ("自治区职称办公室", "zcb_region"),
    ("待审核单位的管理员", "dw_nongji"),
    ("评审专家(我的评审任务)", "zj_01"),
    ("申请人(已有评审结果)", "sq_wang"),
]


def seed_pending_unit(cast):
    """One unit waiting for its 材料接收部门, so the 单位注册审核 queue is not empty after make run."""
    from zhicheng import workflow

    orgs = cast["orgs"]
    unit = Organisation.objects.filter(name="昌吉市示例农业技术推广站").first()
    if unit is None:
        admin = _user(
            "dw_nongji",
            "推广站管理员",
            id_number=make_id_number(dt.date(1985, 9, 21), 77, "652301"),
            phone="13800000005",
        )
        unit = create_organisation(
            name="昌吉市示例农业技术推广站",
            kind=OrgKind.BASE_UNIT,
            region=orgs["county"].region,
            parent=orgs["county"],
            credit_code=make_credit_code(3),
            unit_nature="county_and_below",
            contact_name="推广站管理员",
            contact_phone="0994-0000110",
        )
        add_member(unit, admin)
        workflow.submit(unit, by=admin)
    cast["orgs"]["pending_unit"] = unit
    cast["users"]["pending_unit"] = User.objects.get(username="dw_nongji")
    return unit

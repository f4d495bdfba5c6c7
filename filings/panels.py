"""我的主页 panel of committee staff: the 常用功能 shortcuts of guide 000.

The 申请书统计 counters beside it belong to the applications app, which registers its own panel.
"""


def committee_home_panel(request):
    return {}

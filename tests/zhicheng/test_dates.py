"""Issue 9 items 1 and 11: every date input carries an ISO value; one display format elsewhere."""

import datetime as dt

import pytest
from django import forms

from zhicheng.templatetags.zhicheng import date_cn


def _all_forms():
    import importlib
    import pkgutil

    import accounts.forms
    import applications.forms
    import applications.sections
    import filings.forms

    account_forms = [
        importlib.import_module(f"accounts.forms.{m.name}")
        for m in pkgutil.iter_modules(accounts.forms.__path__)
    ]
    assert account_forms, "accounts.forms is a package of form modules"
    for module in (*account_forms, applications.forms, applications.sections, filings.forms):
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
            ):
                yield obj


def test_every_date_field_on_the_platform_renders_an_iso_value():
    checked = 0
    for form_class in _all_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                html = field.widget.render(name, dt.date(2010, 7, 1))
                assert 'value="2010-07-01"' in html, f"{form_class.__name__}.{name}: {html}"
                assert 'type="date"' in html
                checked += 1
    assert checked >= 10


def test_the_display_format_is_one_for_dates_datetimes_and_stored_iso_text():
    assert date_cn(dt.date(2010, 6, 30)) == "2010/6/30"
    assert date_cn("2010-06-30") == "2010/6/30"
    assert date_cn(None) == ""


def test_an_empty_optional_choice_is_blank_in_rows_not_dashes():
    from applications.sections import EducationForm

    row = dict(EducationForm.display({"education": "bachelor", "degree": "", "graduated_on": "2010-07-01"}))
    assert row["学位"] == ""
    assert row["毕(肄、结)业时间"] == "2010/7/1"


@pytest.mark.django_db
def test_the_window_message_uses_the_display_format(users, orgs):
    from applications import services
    from applications.services import ApplicationError
    from tests.applications.factories import make_application, open_item

    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"])
    item.apply_start = item.apply_start - dt.timedelta(days=30)
    item.apply_end = dt.date.today() - dt.timedelta(days=2)
    item.save()
    with pytest.raises(ApplicationError) as exc:
        services.submit_application(app, by=users["applicant"], pledge=True)
    s, e = item.apply_start, item.apply_end
    assert f"（{s.year}/{s.month}/{s.day} 至 {e.year}/{e.month}/{e.day}）" in str(exc.value)

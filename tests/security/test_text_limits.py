"""Issue 7 (Also): 修改意见 (and every free-text field) is limited, with a visible counter."""

from django.urls import reverse

from applications.models import Opinion
from tests.applications.factories import make_application, open_item


def test_a_10000_character_opinion_is_refused_and_the_field_carries_a_counter(users, orgs, client_for):
    item = open_item(orgs["committee_region"], users["committee_region"])
    app = make_application(users["applicant"], item, orgs["base_short"], submitted=True)
    c = client_for("base_short")
    page = c.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert 'name="text" rows="2" maxlength="1000"' in page
    assert "js/site.js" in page  # the counter (已输入 N / 最多 M 字) for every textarea[maxlength]
    r = c.post(
        reverse("applications:opinion", args=[app.pk]), {"kind": "basic", "text": "长" * 10000}, follow=True
    )
    assert "修改意见不能超过1000字" in r.content.decode()
    assert not Opinion.objects.filter(application=app).exists()
    c.post(reverse("applications:opinion", args=[app.pk]), {"kind": "basic", "text": "长" * 1000})
    assert Opinion.objects.filter(application=app).count() == 1


def test_every_free_text_area_of_every_form_has_a_limit():
    import importlib
    import pkgutil

    from django import forms

    import accounts.forms

    missing = []
    for module in (
        *(f"accounts.forms.{m.name}" for m in pkgutil.iter_modules(accounts.forms.__path__)),
        "applications.forms",
        "filings.forms",
        "backfill.forms",
        "certificates.forms",
    ):
        mod = importlib.import_module(module)
        for obj in vars(mod).values():
            if isinstance(obj, type) and issubclass(obj, forms.BaseForm):
                for fname, field in obj.base_fields.items():
                    if isinstance(field.widget, forms.Textarea) and not (
                        getattr(field, "max_length", None) or field.widget.attrs.get("maxlength")
                    ):
                        missing.append(f"{module}.{obj.__name__}.{fname}")
    assert missing == []


def test_the_counter_script_is_served():
    from pathlib import Path

    js = (Path(__file__).resolve().parents[2] / "static" / "js" / "site.js").read_text()
    assert "textarea[maxlength]" in js and "已输入" in js

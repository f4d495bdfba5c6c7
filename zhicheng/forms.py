"""Form parts every app shares.

A browser's <input type="date"> accepts only an ISO value (YYYY-MM-DD); with LANGUAGE_CODE zh-hans
Django's DateInput would write the first zh_Hans input format (2010/07/01), which the browser shows
as empty and the next 保存 then refuses. Every date field on the platform uses DateInput below.
"""

from captcha.fields import CaptchaTextInput
from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002  (Django's own argument name)
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class CaptchaInput(CaptchaTextInput):
    """The captcha with 看不清，换一张. The image is drawn at twice its display size
    (CAPTCHA_IMAGE_SIZE) and shown at CAPTCHA_DISPLAY_SIZE, so it stays sharp on phone screens."""

    template_name = "zhicheng/captcha.html"

    def get_context(self, name, value, attrs):
        from django.conf import settings

        context = super().get_context(name, value, attrs)
        context["refresh_url"] = self.refresh_url()
        context["display_size"] = settings.CAPTCHA_DISPLAY_SIZE
        return context


class FilterForm(forms.Form):
    """A list's filter bar (GET): each field named in LOOKUPS filters by its lookup when it is
    filled; a filled `q` goes to search(). Invalid input filters nothing (the bar shows why).
    The application queue and the backfill list use it."""

    LOOKUPS = {}

    def search(self, qs, q):
        return qs

    def has_filters(self):
        """Whether apply() narrows anything (an invalid form filters nothing)."""
        if not self.is_bound or not self.is_valid():
            return False
        d = self.cleaned_data
        return any(d.get(name) for name in self.LOOKUPS) or bool((d.get("q") or "").strip())

    def apply(self, qs):
        if not self.is_valid():
            return qs
        for name, lookup in self.LOOKUPS.items():
            value = self.cleaned_data.get(name)
            if value:
                qs = qs.filter(**{lookup: value})
        q = (self.cleaned_data.get("q") or "").strip()
        return self.search(qs, q) if q else qs

"""Form parts every app shares.

A browser's <input type="date"> accepts only an ISO value (YYYY-MM-DD); with LANGUAGE_CODE zh-hans
Django's DateInput would write the first zh_Hans input format (2010/07/01), which the browser shows
as empty and the next 保存 then refuses. Every date field on the platform uses DateInput below.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002  (Django's own argument name)
        super().__init__(attrs=attrs, format=format or ISO_DATE)

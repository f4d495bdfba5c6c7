from django import forms
from django.utils.translation import gettext_lazy as _

from filings.models import Filing

from .constants import Choice


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeetingForm(forms.Form):
    filing = forms.ModelChoiceField(label=_("事前备案"), queryset=Filing.objects.none())
    title = forms.CharField(label=_("会议名称"), max_length=200)
    meeting_date = forms.DateField(
        label=_("上会时间"), widget=DateInput(), help_text=_("默认为备案计划的上会时间")
    )
    location = forms.CharField(label=_("会议地点"), max_length=200, required=False)

    def __init__(self, *args, filings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filing"].queryset = filings


class QuotaForm(forms.Form):
    specialty = forms.IntegerField(widget=forms.HiddenInput)
    members = forms.IntegerField(label=_("抽取人数"), min_value=1, max_value=99)
    reserves = forms.IntegerField(label=_("备选人数"), min_value=0, max_value=99, initial=0)


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=_("表决意见"), choices=Choice.choices, widget=forms.RadioSelect)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("回避原因"), max_length=300)

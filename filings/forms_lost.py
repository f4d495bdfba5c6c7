"""Forms of the 丢失申领证书批次备案: they validate and clean; the rules live in filings/lost.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_phone
from zhicheng import files

from .constants import FilingLevel
from .forms import REQUIRED
from .models import LostReason


class LostBasicForm(forms.Form):
    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"placeholder": _("关于补发张某某等x人职称电子证书的备案")}),
    )
    contact_name = forms.CharField(label=_("联系人员姓名"), max_length=30, error_messages=REQUIRED)
    contact_phone = forms.CharField(
        label=_("联系人员联系电话"),
        max_length=30,
        error_messages=REQUIRED,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )


class LostCreateForm(LostBasicForm):
    level = forms.ChoiceField(
        label=_("备案级别"),
        choices=FilingLevel.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
        help_text=_("保存后无法修改；只能选择该级别的证书，备案报送该级别的职称办公室"),
    )


class LostAddForm(forms.Form):
    """添加证书: the numbers ticked in the list (checked by the service), with one reason."""

    reason = forms.ChoiceField(
        label=_("补发原因"),
        choices=[("", _("请选择"))] + list(LostReason.choices),
        error_messages={"required": _("请选择补发原因（遗失或损毁）。")},
    )


class LostRequestForm(forms.Form):
    file = files.UploadField(
        label=_("申请"),
        use="filing_attachment",
        help_text=_("持证人签字的补发申请，只能上传pdf格式的文件，8M之内"),
    )

"""Django's password validators with the platform's own Chinese messages (Django's catalogue
leaves some of them, e.g. the minimum length, in English)."""

from django.contrib.auth import password_validation as pv
from django.utils.translation import gettext as _


class UserAttributeSimilarityValidator(pv.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "real_name", "id_number", "email")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self):
        return _("密码与%(verbose_name)s过于相似，请换一个。")

    def get_help_text(self):
        return _("密码不能与姓名、用户名、身份证号或邮箱相似。")


class MinimumLengthValidator(pv.MinimumLengthValidator):
    def get_error_message(self):
        return _("密码太短，至少需要%(n)d个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return _("密码至少%(n)d个字符。") % {"n": self.min_length}


class CommonPasswordValidator(pv.CommonPasswordValidator):
    def get_error_message(self):
        return _("这个密码太常见，容易被猜到，请换一个。")

    def get_help_text(self):
        return _("不能使用常见密码。")


class NumericPasswordValidator(pv.NumericPasswordValidator):
    def get_error_message(self):
        return _("密码不能全是数字。")

    def get_help_text(self):
        return _("密码不能全是数字。")

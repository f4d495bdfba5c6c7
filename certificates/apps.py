from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "证书与文档"

    def ready(self):
        from accounts.constants import Role
        from filings.lost import register_certificate_source
        from zhicheng import menus

        from . import receivers  # noqa: F401  (chain events of 批文, 撤销 and 补发)
        from .reissue import valid_certificates

        register_certificate_source(valid_certificates)

        menus.register(Role.APPLICANT, "我的职称", "我的职称电子证书", "certificates:mine", order=15)
        menus.register(Role.COMMITTEE, "批文发证", "批文管理", "certificates:approvals", order=400)
        menus.register(Role.COMMITTEE, "批文发证", "电子证书管理", "certificates:issued", order=401)
        menus.register(Role.COMMITTEE, "批文发证", "证书补发记录", "certificates:reissues", order=402)
        menus.register(Role.OFFICE, "批文发证", "批文及撤销审核", "certificates:office-queue", order=400)

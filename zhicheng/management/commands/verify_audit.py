from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit import AuditEntry, verify


class Command(BaseCommand):
    help = "Walk the audit trail's hash chain; name the first broken entry (exit status 1)."

    def handle(self, *args, **options):
        broken = verify()
        if broken is not None:
            e = broken.entry
            raise CommandError(
                f"操作记录第{broken.position}条（id={e.pk}，{e.created_at:%Y-%m-%d %H:%M:%S}，{e.action}）已损坏：{broken.reason}"
            )
        self.stdout.write(f"操作记录完整：共{AuditEntry.objects.count()}条，哈希链校验通过。")

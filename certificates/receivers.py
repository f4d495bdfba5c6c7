"""Chain events of 批文 and 撤销 (zhicheng.workflow.chain_transitioned), inside the transaction."""

from django.dispatch import receiver

from zhicheng.workflow import chain_transitioned

from .models import Approval, Revocation


@receiver(chain_transitioned, sender=Approval, dispatch_uid="certificates-approval-approved")
def approval_transitioned(sender, instance, action, **kwargs):
    if action == "accepted":
        from .services import on_approval_approved

        on_approval_approved(instance)


@receiver(chain_transitioned, sender=Revocation, dispatch_uid="certificates-revocation-approved")
def revocation_transitioned(sender, instance, action, by=None, **kwargs):
    if action == "accepted":
        from .services import on_revocation_approved

        on_revocation_approved(instance, by=by)

"""Chain events of 批文, 撤销 and 丢失申领证书批次备案 (zhicheng.workflow.chain_transitioned), inside
the transaction."""

from django.dispatch import receiver

from filings.models import Filing
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


@receiver(chain_transitioned, sender=Filing, dispatch_uid="certificates-lost-filing-accepted")
def lost_filing_transitioned(sender, instance, action, by=None, **kwargs):
    """丢失申领证书批次备案 accepted by the office: each listed certificate is re-issued."""
    if action == "accepted" and instance.kind == Filing.Kind.LOST_REISSUE:
        from .reissue import reissue_filing

        reissue_filing(instance, by=by)

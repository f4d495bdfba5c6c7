from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def send_pending_outbox():
    """Celery beat, every minute (and nudged after each commit that queued an email): send the
    due rows of the outbox (accounts.outbox)."""
    from .outbox import deliver_due

    sent, failed = deliver_due()
    return {"sent": sent, "failed": failed}

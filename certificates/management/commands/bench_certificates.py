"""Benchmark the certificate batch: N synthetic people on one 批文, approved, issued through the
Celery worker (or in-process when tasks are eager); prints certificates per second and total time.

    DATABASE_URL=… CELERY_BROKER_URL=redis://… manage.py bench_certificates 500
    (with a worker running: celery -A zhicheng worker -c 2)
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from certificates import services
from certificates.demo import passed_application, synthetic_person
from certificates.models import IssueBatch
from filings.models import FilingQualification
from zhicheng.workflow import ChainState


class Command(BaseCommand):
    help = "Issue N certificates in one batch and report certificates/s and total time."

    def add_arguments(self, parser):
        parser.add_argument("n", type=int, nargs="?", default=500)
        parser.add_argument("--timeout", type=int, default=900)

    def handle(self, *args, n, timeout, **options):
        item = (
            FilingQualification.objects.filter(filing__state=ChainState.ACCEPTED)
            .select_related("filing__committee", "qualification")
            .order_by("pk")
            .first()
        )
        if item is None:
            raise CommandError("no accepted filing: run manage.py seed_demo first")
        committee = item.filing.committee
        staff = Membership.objects.filter(organisation=committee, is_active=True).first()
        office = item.filing.target_office()
        reviewer = Membership.objects.filter(organisation=office, is_active=True).first() if office else None
        if staff is None or reviewer is None:
            raise CommandError("the committee or its title office has no active member")
        tag = timezone.now().strftime("%m%d%H%M%S")
        self.stdout.write(f"preparing {n} passed applications …")
        with transaction.atomic():
            apps = [
                passed_application(
                    synthetic_person(f"bench{tag}_{i}", f"测试{i}", i % 2 == 0, (int(tag[-3:]) + i) % 1000),
                    item,
                    committee,
                )
                for i in range(n)
            ]
            approval = services.draft_approval(
                committee,
                by=staff.user,
                filing=item.filing,
                application_ids=[a.pk for a in apps if a],
                granted_on=timezone.localdate(),
            )
            services.submit_approval(approval, by=staff.user)
        approval.refresh_from_db()
        started = time.monotonic()
        services.approve_approval(approval, by=reviewer.user, expected_step_id=approval.current_step_id)
        batch = IssueBatch.objects.get(approval=approval)
        while batch.state not in (IssueBatch.State.DONE, IssueBatch.State.FAILED):
            if time.monotonic() - started > timeout:
                raise CommandError(f"timeout: {batch.done}/{batch.total} after {timeout}s")
            time.sleep(0.5)
            batch.refresh_from_db()
        total = time.monotonic() - started
        if batch.state == IssueBatch.State.FAILED:
            raise CommandError(f"batch failed: {batch.error}")
        self.stdout.write(
            f"{batch.done} certificates in {total:.1f} s = {batch.done / total:.2f} certificates/s "
            f"(批文 {approval.number})"
        )

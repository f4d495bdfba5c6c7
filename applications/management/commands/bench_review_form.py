"""Render the 评审表 of a small and a large (50 extra rows) application through the pipeline
and the same HTML through bare WeasyPrint; print both times and the ratio. A measurement, not
a test: it runs in a transaction that is rolled back, so the database is left as it was."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction

GOAL_RATIO = 1.1
GOAL_SMALL_SECONDS = 0.5


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "评审表 benchmark: pipeline render vs bare WeasyPrint (2-page and 50-row applications)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (median reported)")
        parser.add_argument("--rows", type=int, default=50, help="extra rows of the large application")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._run(options["repeat"], options["rows"])
                raise Rollback
        except Rollback:
            pass

    def _run(self, repeat, rows):
        from django.conf import settings
        from django.template.loader import render_to_string
        from weasyprint import HTML

        from accounts import demo as accounts_demo
        from accounts.models import User
        from accounts.synthetic import make_id_number
        from applications import review_form
        from applications.bench import submitted_application
        from filings import demo as filings_demo
        from filings.services import open_windows
        from zhicheng import documents

        cast = accounts_demo.seed()
        filings_demo.seed(cast)
        window = open_windows()[0]
        base_unit = cast["orgs"]["base_short"]
        base_url = str(settings.BASE_DIR / "static") + "/"
        self.stdout.write(
            f"评审表 benchmark: {repeat} interleaved runs per case after one warm-up each; best (median) "
            "seconds; the ratio compares the best runs (the least disturbed by other load)"
        )
        self.stdout.write(
            f"{'case':<8}{'pages':>6}{'rows':>6}{'pipeline s':>18}{'bare WeasyPrint s':>20}{'ratio':>8}"
        )
        results = []
        for i, (case, extra) in enumerate((("small", 0), ("large", rows))):
            applicant = User.objects.create(
                username=f"bench_{case}_{time.time_ns()}",
                real_name="测试例",
                id_number=make_id_number(seq=700 + i * 2),
            )
            app = submitted_application(applicant, window.item, base_unit, extra_rows=extra)
            doc = documents.latest(app, review_form.KIND)
            html = render_to_string(doc.spec.template, documents.document_context(doc, app))
            n_rows = app.entries.count()

            def ours(doc=doc):
                return documents.render_version(doc)

            def bare(html=html):
                return HTML(string=html, base_url=base_url).write_pdf()

            ours_pdf, pages = ours()
            bare()
            t_ours, t_bare = [], []
            for _ in range(repeat):
                start = time.perf_counter()
                again, _pages = ours()
                t_ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                bare()
                t_bare.append(time.perf_counter() - start)
                assert again == ours_pdf, "the same version must render to the same bytes"
            m_ours, m_bare = statistics.median(t_ours), statistics.median(t_bare)
            results.append((case, pages, m_ours, m_bare))
            self.stdout.write(
                f"{case:<10}{pages:>6}{n_rows:>6}{m_ours:>12.3f}{m_bare:>10.3f}{m_ours / m_bare:>8.2f}"
            )
        small = results[0]
        worst = max(r[2] / r[3] for r in results)
        self.stdout.write(
            f"goal: ratio ≤ {GOAL_RATIO} → {'met' if worst <= GOAL_RATIO else 'NOT met'} (worst {worst:.2f}); "
            f"small ≤ {GOAL_SMALL_SECONDS}s → {'met' if small[2] <= GOAL_SMALL_SECONDS else 'NOT met'} "
            f"({small[2]:.3f}s, {small[1]} pages)"
        )

"""Render the 评审表 of a small and a large (50 extra rows) application through the pipeline
and the same HTML through bare WeasyPrint; print both times and the ratio. A measurement, not
a test: it runs in a transaction that is rolled back, so the database is left as it was."""

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
            f"评审表 benchmark: {repeat} interleaved runs per case after one warm-up each. Best of the runs; "
            "wall = elapsed seconds, cpu = this process's CPU seconds (the machine is shared: the CPU time "
            "is what other load disturbs least). Ratios = pipeline / bare WeasyPrint."
        )
        self.stdout.write(
            f"{'case':<7}{'pages':>6}{'rows':>6}{'pipeline wall':>15}{'bare wall':>11}{'ratio':>7}"
            f"{'pipeline cpu':>14}{'bare cpu':>10}{'ratio':>7}"
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
            runs = {"ours": [], "bare": []}
            for _ in range(repeat):
                for name, func in (("ours", ours), ("bare", bare)):
                    wall, cpu = time.perf_counter(), time.process_time()
                    out = func()
                    runs[name].append((time.perf_counter() - wall, time.process_time() - cpu))
                    if name == "ours":
                        assert out[0] == ours_pdf, "the same version must render to the same bytes"
            ow, oc = (min(r[k] for r in runs["ours"]) for k in (0, 1))
            bw, bc = (min(r[k] for r in runs["bare"]) for k in (0, 1))
            results.append((case, pages, ow, bw, oc, bc))
            self.stdout.write(
                f"{case:<7}{pages:>6}{n_rows:>6}{ow:>15.3f}{bw:>11.3f}{ow / bw:>7.2f}"
                f"{oc:>14.3f}{bc:>10.3f}{oc / bc:>7.2f}"
            )
        small = results[0]
        worst_wall = max(r[2] / r[3] for r in results)
        worst_cpu = max(r[4] / r[5] for r in results)
        verdict = {True: "met", False: "NOT met"}
        self.stdout.write(
            f"goal ratio ≤ {GOAL_RATIO}: wall {verdict[worst_wall <= GOAL_RATIO]} (worst {worst_wall:.2f}), "
            f"cpu {verdict[worst_cpu <= GOAL_RATIO]} (worst {worst_cpu:.2f}); "
            f"goal small ≤ {GOAL_SMALL_SECONDS}s: wall {verdict[small[2] <= GOAL_SMALL_SECONDS]} ({small[2]:.3f}s), "
            f"cpu {verdict[small[4] <= GOAL_SMALL_SECONDS]} ({small[4]:.3f}s) for {small[1]} pages"
        )

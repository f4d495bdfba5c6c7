"""Demo documents (manage.py seed_demo, after applications' demo): the 评审表 of every submitted
demo application and sq_li's paper set. Idempotent: nothing is requested twice."""

from zhicheng import documents

from . import paper_set, review_form, unit_publicity
from .models import Application


def seed(cast):
    users = cast["users"]
    for app in Application.objects.filter(
        chain_round__gt=0, applicant__in=[users["applicant"], users["applicant2"]]
    ):
        documents.ensure_document(app, review_form.KIND, by=app.applicant)
    app = Application.objects.filter(applicant=users["applicant2"], chain_round__gt=0).first()
    if app is None:
        return
    if documents.latest(app, paper_set.PLEDGE) is None:
        paper_set.request_paper(app, paper_set.PLEDGE, by=app.applicant)
    unit_admin = users["base_long"]
    # the 公示 papers are filled with the 公示 recorded in applications.demo (推荐单位公示)
    if (
        paper_set.PUBLICITY in paper_set.kinds_for(unit_admin, app)
        and unit_publicity.record_of(app) is not None
        and documents.latest(app, paper_set.PUBLICITY) is None
    ):
        paper_set.request_paper(app, paper_set.PUBLICITY, by=unit_admin)
        paper_set.request_paper(app, paper_set.SUPERVISOR_OPINION, by=unit_admin)

"""Demo documents (manage.py seed_demo, after applications' demo): the 评审表 of every submitted
demo application and sq_li's paper set. Idempotent: nothing is requested twice."""

from django.utils import timezone

from zhicheng import documents

from . import paper_set, review_form
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
    if (
        paper_set.PUBLICITY in paper_set.kinds_for(unit_admin, app)
        and documents.latest(app, paper_set.PUBLICITY) is None
    ):
        start = timezone.localdate()
        region = app.base_unit.region
        form = paper_set.PublicityForm(
            {
                **paper_set.PublicityForm.initial_for(app),
                "start": start,
                "end": paper_set.publicity_end_for(start, region=region),
            },
            region=region,
        )
        if not form.data.get("phone"):
            form.data["phone"] = "0994-0000000"
        if not form.data.get("politics"):
            form.data["politics"] = "拥护党的路线方针政策，遵纪守法，具有良好的职业道德。"
        paper_set.request_paper(app, paper_set.PUBLICITY, by=unit_admin, form=form)
        paper_set.request_paper(app, paper_set.SUPERVISOR_OPINION, by=unit_admin)

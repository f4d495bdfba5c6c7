from django.urls import path

from . import views_publicity
from .views import committee, expert, record, session, steps

app_name = "meetings"

urlpatterns = [
    path("", committee.meeting_list, name="list"),
    path("new/", committee.meeting_create, name="create"),
    path("stats/", record.stats, name="stats"),
    path("tasks/", expert.my_tasks, name="tasks"),
    path("<int:pk>/", committee.meeting_detail, name="detail"),
    path("<int:pk>/record/", record.meeting_record, name="record"),
    path("<int:pk>/record/minutes/", record.minutes_request, name="minutes"),
    path("<int:pk>/candidates/", committee.candidates_set, name="candidates"),
    path("<int:pk>/quota/", committee.quota_set, name="quota"),
    path("<int:pk>/file/", steps.meeting_step, {"step": "file"}, name="file"),
    path("<int:pk>/draw/prepare/", steps.meeting_step, {"step": "draw-prepare"}, name="draw-prepare"),
    path("<int:pk>/draw/run/", steps.meeting_step, {"step": "draw-run"}, name="draw-run"),
    path("<int:pk>/attendance/", session.attendance, name="attendance"),
    path("<int:pk>/reserve/", session.reserve_call, name="reserve"),
    path("<int:pk>/open/", steps.meeting_step, {"step": "open"}, name="open"),
    path("<int:pk>/candidates/<int:cid>/close/", session.candidate_close, name="close"),
    path("<int:pk>/candidates/<int:cid>/paper/", session.paper_ballot, name="paper"),
    path("<int:pk>/candidates/<int:cid>/withdraw/", session.order_withdrawal, name="withdraw"),
    path("<int:pk>/ballot/", expert.ballot, name="ballot"),
    path("<int:pk>/ballot/<int:cid>/", expert.ballot_cast, name="cast"),
    path("<int:pk>/ballot/<int:cid>/withdraw/", expert.declare_withdrawal, name="declare"),
    # 评审结果公示 and 异议 (committee)
    path("publicity/", views_publicity.publicity_list, name="publicity-list"),
    path("publicity/setting/", views_publicity.publicity_setting, name="publicity-setting"),
    path("<int:pk>/publicity/new/", views_publicity.publicity_new, name="publicity-new"),
    path("publicity/<int:pk>/", views_publicity.publicity_manage, name="publicity-manage"),
    path("publicity/objections/<int:pk>/handle/", views_publicity.objection_handle, name="objection-handle"),
    path("publicity/objections/<int:pk>/file/", views_publicity.objection_file, name="objection-file"),
    # public, no login
    path("gongshi/", views_publicity.public_list, name="public-list"),
    path("gongshi/<int:pk>/", views_publicity.public_detail, name="public-detail"),
    path("gongshi/<int:pk>/objection/", views_publicity.objection_new, name="objection-new"),
]

from django.urls import path

from . import views, views_publicity

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("stats/", views.stats, name="stats"),
    path("tasks/", views.my_tasks, name="tasks"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/record/", views.meeting_record, name="record"),
    path("<int:pk>/record/minutes/", views.minutes_request, name="minutes"),
    path("<int:pk>/candidates/", views.candidates_set, name="candidates"),
    path("<int:pk>/quota/", views.quota_set, name="quota"),
    path("<int:pk>/file/", views.meeting_file, name="file"),
    path("<int:pk>/draw/prepare/", views.draw_prepare, name="draw-prepare"),
    path("<int:pk>/draw/run/", views.draw_run, name="draw-run"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/reserve/", views.reserve_call, name="reserve"),
    path("<int:pk>/open/", views.meeting_open, name="open"),
    path("<int:pk>/candidates/<int:cid>/close/", views.candidate_close, name="close"),
    path("<int:pk>/candidates/<int:cid>/paper/", views.paper_ballot, name="paper"),
    path("<int:pk>/candidates/<int:cid>/withdraw/", views.order_withdrawal, name="withdraw"),
    path("<int:pk>/ballot/", views.ballot, name="ballot"),
    path("<int:pk>/ballot/<int:cid>/", views.ballot_cast, name="cast"),
    path("<int:pk>/ballot/<int:cid>/withdraw/", views.declare_withdrawal, name="declare"),
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

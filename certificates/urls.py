from django.urls import path

from . import public_views, views, views_drafts, views_reissue

app_name = "certificates"

urlpatterns = [
    # committee
    path("approvals/", views.approval_list, name="approvals"),
    path("approvals/new/", views.approval_new, name="approval-new"),
    path("approvals/<int:pk>/", views.approval_detail, name="approval-detail"),
    path("approvals/<int:pk>/edit/", views_drafts.approval_edit, name="approval-edit"),
    path(
        "approvals/<int:pk>/entries/<int:entry>/remove/",
        views_drafts.approval_entry_remove,
        name="approval-entry-remove",
    ),
    path("approvals/<int:pk>/submit/", views.approval_submit, name="approval-submit"),
    path("approvals/<int:pk>/approve/", views.approval_approve, name="approval-approve"),
    path("approvals/<int:pk>/return/", views.approval_return, name="approval-return"),
    path("approvals/<int:pk>/batch.json", views.batch_status, name="batch-status"),
    path("approvals/<int:pk>/pdf/", views.approval_pdf, name="approval-pdf"),
    path("issued/", views.issued_list, name="issued"),
    path("issued/<int:pk>/revoke/", views.revoke_request, name="revoke-request"),
    path("reissues/", views_reissue.reissue_list, name="reissues"),
    # title office
    path("review/", views.office_queue, name="office-queue"),
    path("revocations/<int:pk>/", views.revocation_detail, name="revocation-detail"),
    path("revocations/<int:pk>/approve/", views.revocation_approve, name="revocation-approve"),
    path("revocations/<int:pk>/reject/", views.revocation_reject, name="revocation-reject"),
    # holder
    path("mine/", public_views.mine, name="mine"),
    path("<int:pk>/download/", public_views.download, name="download"),
    # public
    path("query/", public_views.query, name="query"),
    path("v/<str:token>/", public_views.verify, name="verify"),
    path("signing-certificate.pem", public_views.signing_certificate, name="signing-certificate"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import inbox, my_users, profile, public, recovery, registration, unit_review, units

app_name = "accounts"

urlpatterns = [
    path("login/", public.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("home/", public.my_home, name="home"),
    # 注册
    path("register/", registration.register, name="register"),
    path("register/unit/", registration.register_unit, name="register-unit"),
    path("units/search/", registration.unit_search, name="unit-search"),
    # 找回用户名或密码 / 账号申诉
    path("recover/", recovery.recover, name="recover"),
    path("recover/done/", recovery.recover_sent, name="recover-done"),
    path("reset/<uidb64>/<token>/", recovery.ResetView.as_view(), name="reset"),
    path("reset/done/", recovery.ResetDoneView.as_view(), name="reset-done"),
    path("appeal/", recovery.appeal, name="appeal"),
    # 单位注册审核 (材料接收部门)
    path("review/units/", unit_review.unit_queue, name="unit-queue"),
    path("review/units/<int:pk>/", unit_review.unit_review, name="unit-review"),
    path(
        "review/units/<int:pk>/approve/",
        unit_review.unit_chain_action,
        {"chain": "unit", "action": "approve"},
        name="unit-approve",
    ),
    path(
        "review/units/<int:pk>/return/",
        unit_review.unit_chain_action,
        {"chain": "unit", "action": "return"},
        name="unit-return",
    ),
    path("review/changes/", unit_review.change_queue, name="change-queue"),
    path("review/changes/<int:pk>/", unit_review.change_review, name="change-review"),
    path(
        "review/changes/<int:pk>/approve/",
        unit_review.unit_chain_action,
        {"chain": "change", "action": "approve"},
        name="change-approve",
    ),
    path(
        "review/changes/<int:pk>/return/",
        unit_review.unit_chain_action,
        {"chain": "change", "action": "return"},
        name="change-return",
    ),
    path("units/<int:pk>/licence/", unit_review.unit_licence, name="unit-licence"),
    path("changes/<int:pk>/licence/", unit_review.change_licence, name="change-licence"),
    # 我的信息
    path("me/", profile.profile, name="profile"),
    path("me/files/", profile.profile_files, name="profile-files"),
    path("me/password/", profile.PasswordChangeView.as_view(), name="password-change"),
    path("me/units/", units.unit_info_list, name="unit-info-list"),
    path("me/units/<int:pk>/", units.unit_info, name="unit-info"),
    path("me/units/<int:pk>/resubmit/", units.unit_resubmit, name="unit-resubmit"),
    path("me/units/<int:pk>/change/", units.unit_change, name="unit-change"),
    path("users/<int:pk>/file/<str:field>/", profile.user_file, name="user-file"),
    # 我的消息
    path("messages/", inbox.message_list, name="messages"),
    path("messages/<int:pk>/read/", inbox.message_read, name="message-read"),
    path("messages/read-all/", inbox.messages_read_all, name="messages-read-all"),
    # 系统设置 → 我的用户
    path("my-users/", my_users.my_users, name="my-users"),
    path("my-users/add/", my_users.my_user_add, name="my-user-add"),
    path("my-users/<int:pk>/edit/", my_users.my_user_edit, name="my-user-edit"),
    path("my-users/<int:pk>/toggle/", my_users.my_user_toggle, name="my-user-toggle"),
]

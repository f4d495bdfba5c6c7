from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("home/", views.my_home, name="home"),
    # 注册
    path("register/", views.register, name="register"),
    path("register/unit/", views.register_unit, name="register-unit"),
    path("units/search/", views.unit_search, name="unit-search"),
    # 找回用户名或密码 / 账号申诉
    path("recover/", views.recover, name="recover"),
    path("recover/done/", views.recover_sent, name="recover-done"),
    path("reset/<uidb64>/<token>/", views.ResetView.as_view(), name="reset"),
    path("reset/done/", views.ResetDoneView.as_view(), name="reset-done"),
    path("appeal/", views.appeal, name="appeal"),
    # 单位注册审核 (材料接收部门)
    path("review/units/", views.unit_queue, name="unit-queue"),
    path("review/units/<int:pk>/", views.unit_review, name="unit-review"),
    path(
        "review/units/<int:pk>/approve/",
        views.unit_chain_action,
        {"chain": "unit", "action": "approve"},
        name="unit-approve",
    ),
    path(
        "review/units/<int:pk>/return/",
        views.unit_chain_action,
        {"chain": "unit", "action": "return"},
        name="unit-return",
    ),
    path("review/changes/", views.change_queue, name="change-queue"),
    path("review/changes/<int:pk>/", views.change_review, name="change-review"),
    path(
        "review/changes/<int:pk>/approve/",
        views.unit_chain_action,
        {"chain": "change", "action": "approve"},
        name="change-approve",
    ),
    path(
        "review/changes/<int:pk>/return/",
        views.unit_chain_action,
        {"chain": "change", "action": "return"},
        name="change-return",
    ),
    path("units/<int:pk>/licence/", views.unit_licence, name="unit-licence"),
    path("changes/<int:pk>/licence/", views.change_licence, name="change-licence"),
    # 我的信息
    path("me/", views.profile, name="profile"),
    path("me/files/", views.profile_files, name="profile-files"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("me/units/", views.unit_info_list, name="unit-info-list"),
    path("me/units/<int:pk>/", views.unit_info, name="unit-info"),
    path("users/<int:pk>/file/<str:field>/", views.user_file, name="user-file"),
    # 我的消息
    path("messages/", views.message_list, name="messages"),
    path("messages/<int:pk>/read/", views.message_read, name="message-read"),
    path("messages/read-all/", views.messages_read_all, name="messages-read-all"),
    # 系统设置 → 我的用户
    path("my-users/", views.my_users, name="my-users"),
    path("my-users/add/", views.my_user_add, name="my-user-add"),
    path("my-users/<int:pk>/edit/", views.my_user_edit, name="my-user-edit"),
    path("my-users/<int:pk>/toggle/", views.my_user_toggle, name="my-user-toggle"),
]

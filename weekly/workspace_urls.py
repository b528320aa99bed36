"""The workspace's pages of the week, under /van-phong/<office>/ (ubnd_schedule.urls includes them)."""

from django.urls import path

from weekly import workspace_leaders, workspace_views

app_name = "weekly_workspace"

week = "lich-tuan/<yyyy:year>/<ww:week>/"

urlpatterns = [
    path("lich-tuan/", workspace_views.weeks, name="weeks"),
    path("lich-tuan/lanh-dao/", workspace_leaders.leaders, name="leaders"),
    path("lich-tuan/lanh-dao/<int:pk>/", workspace_leaders.leader_edit, name="leader_edit"),
    path(week, workspace_views.week, name="week"),
    path(f"{week}tao/", workspace_views.week_create, name="create"),
    path(f"{week}lap-tu-thang/", workspace_views.week_build, name="build"),
    path(f"{week}sao-chep/", workspace_views.week_copy, name="copy"),
    path(f"{week}ghi-chu/", workspace_views.week_header, name="header"),
    path(f"{week}muc/moi/", workspace_views.entry_add, name="entry_add"),
    path(f"{week}muc/<uuid:uid>/", workspace_views.entry_edit, name="entry_edit"),
    path(f"{week}muc/<uuid:uid>/xoa/", workspace_views.entry_delete, name="entry_delete"),
    path(f"{week}ap-dung/", workspace_views.difference_apply, name="difference_apply"),
    path(f"{week}bo-qua/", workspace_views.difference_dismiss, name="difference_dismiss"),
    path(f"{week}phat-hanh/", workspace_views.week_publish, name="publish"),
]

from django.urls import path

from taut.scheduling import (
    admin_views,
    daysheet_views,
    feed_views,
    free_views,
    grid_views,
    hours_views,
    request_views,
    views,
    waitlist_views,
)

app_name = "schedule"
urlpatterns = [
    path("", grid_views.calendar, name="calendar"),
    path("book/", views.book, name="book"),
    path("free/", free_views.free, name="free"),
    path("hours/", hours_views.hours, name="hours"),
    path("hours/<int:clinician>/", hours_views.hours, name="clinician_hours"),
    path("hours/spans/<int:pk>/remove/", hours_views.hours_remove, name="hours_remove"),
    path("appointments/<int:pk>/", views.detail, name="detail"),
    path("appointments/<int:pk>/move/", views.move, name="move"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("appointments/<int:pk>/start/", views.start_visit, name="start_visit"),
    path("appointments/<int:pk>/check-in/", daysheet_views.check_in, name="check_in"),
    path("today/", daysheet_views.day_sheet, name="day_sheet"),
    path("feeds/", feed_views.feed_settings, name="feeds"),
    path("feeds/new/", feed_views.feed_create, name="feed_create"),
    path("feeds/<int:pk>/revoke/", feed_views.feed_revoke, name="feed_revoke"),
    path("feeds/<str:token>.ics", feed_views.feed, name="feed"),
    path("waitlist/", waitlist_views.waitlist, name="waitlist"),
    path("waitlist/add/", waitlist_views.waitlist_add, name="waitlist_add"),
    path("waitlist/<int:pk>/remove/", waitlist_views.waitlist_remove, name="waitlist_remove"),
    path("requests/", request_views.queue, name="requests"),
    path("requests/<int:pk>/", request_views.request_detail, name="request"),
    path("types/", admin_views.types, name="types"),
    path("types/<int:pk>/", admin_views.type_edit, name="type_edit"),
    path("types/<int:pk>/active/", admin_views.type_active, name="type_active"),
    path("clinic/", admin_views.clinic_settings, name="clinic"),
    path("clinic/logo", admin_views.clinic_logo, name="clinic_logo"),
]

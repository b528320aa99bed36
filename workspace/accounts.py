"""Password reset by e-mail for workspace accounts: Django's views with the workspace's templates.

The link in the e-mail starts with settings.SITE_URL (the public address), not with the host the
request came in on. A completed reset lifts the account's login lock (django-axes), from every address: whoever
set the new password holds the account's mailbox.
"""

from axes.utils import reset as reset_login_attempts
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "workspace/password_reset_form.html"
    email_template_name = "workspace/email/password_reset.txt"
    subject_template_name = "workspace/email/password_reset_subject.txt"
    success_url = reverse_lazy("workspace:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "workspace/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "workspace/password_reset_confirm.html"
    success_url = reverse_lazy("workspace:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)  # the new password is saved
        reset_login_attempts(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "workspace/password_reset_complete.html"

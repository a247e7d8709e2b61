"""Security events written to the audit log as they happen."""

from allauth.account.signals import email_confirmed, password_changed, password_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent
from .services import audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(event=AuditEvent.Event.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event=AuditEvent.Event.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked anything secret in ``credentials``; keep only the identifier.
    login = str(credentials.get("email") or credentials.get("username") or "")[:254]
    actor = get_user_model().objects.filter(email__iexact=login).first() if login else None
    audit_record(event=AuditEvent.Event.LOGIN_FAILED, actor=actor, request=request, login=login)


@receiver(email_confirmed)
def _email_confirmed(sender, request, email_address, **kwargs):
    audit_record(event=AuditEvent.Event.EMAIL_VERIFIED, actor=email_address.user, request=request)


@receiver(password_reset)
def _password_reset(sender, request, user, **kwargs):
    audit_record(event=AuditEvent.Event.PASSWORD_RESET, actor=user, request=request)


@receiver(password_changed)
def _password_changed(sender, request, user, **kwargs):
    audit_record(event=AuditEvent.Event.PASSWORD_CHANGED, actor=user, request=request)

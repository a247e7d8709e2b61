"""The audit log's one model (app label ``hub``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """A security event or a staff decision. Never holds passwords, codes, tokens or session keys."""

    class Event(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        OTP_VERIFIED = "otp_verified", _("Second factor verified")
        OTP_FAILED = "otp_failed", _("Wrong second-factor code")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        DEVICE_ADDED = "device_added", _("Authenticator added")
        DEVICE_REMOVED = "device_removed", _("Authenticator removed")
        RECOVERY_CODES_CREATED = "recovery_codes_created", _("Recovery codes created")
        DEVICES_RESET = "devices_reset", _("Second factor reset by staff")
        APPLICATION_SUBMITTED = "application_submitted", _("Application submitted")
        EMAIL_VERIFIED = "email_verified", _("Email address verified")
        VETTING = "vetting", _("Vetting decision")
        PASSWORD_RESET = "password_reset", _("Password reset")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        SESSION_EXPIRED = "session_expired", _("Session ended by timeout")
        ACCESS_REVOKED = "access_revoked", _("Session ended: access withdrawn")
        INVITATION_SENT = "invitation_sent", _("Colleague invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        REVIEW = "review", _("Review decision on a tool")
        TOOL_CONFIRMED = "tool_confirmed", _("Tool details confirmed by the provider")
        MODERATION = "moderation", _("Moderation decision")
        REMOVAL = "removal", _("Tool suspended, removed or reinstated")
        DATA_EXPORT = "data_export", _("Personal data exported")
        CONCERN = "concern", _("Concern about a tool reported or updated")
        CONSENT = "consent", _("Terms or privacy notice accepted")
        DELETION_REQUESTED = "deletion_requested", _("Account deletion requested")
        DELETION_CANCELLED = "deletion_cancelled", _("Account deletion cancelled")
        ACCOUNT_ERASED = "account_erased", _("Account erased")
        RETENTION = "retention", _("Retention run")
        AUDIT_EXPORT = "audit_export", _("Audit log exported")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    event = models.CharField(_("event"), max_length=40, choices=Event.choices, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_event_display()}"

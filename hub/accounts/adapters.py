from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from hub.core.client_address import client_address
from hub.outbox.services import email_queue

# allauth's emails, mapped onto the hub's own templates under templates/emails/.
ACCOUNT_EMAILS = {
    "account/email/email_confirmation_signup": "email_confirmation",
    "account/email/email_confirmation": "email_confirmation",
    "account/email/password_reset_key": "password_reset",
    "account/email/unknown_account": "unknown_account",
    "account/email/account_already_exists": "account_already_exists",
}


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # allauth's rate limits key on the same address as the audit log (TRUSTED_PROXY_COUNT).
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def is_open_for_signup(self, request) -> bool:
        # Accounts are created only through the hub's own application forms.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Every email goes through the outbox, sent by a worker after the transaction commits.
        recipient = get_user_model().objects.filter(email__iexact=email).first()
        template = ACCOUNT_EMAILS.get(template_prefix)
        if template is None:
            raise ValueError(f"The hub has no email template for {template_prefix}")
        email_queue(to=email, recipient=recipient, template=template, context=dict(context))

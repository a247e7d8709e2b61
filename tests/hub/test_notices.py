from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.models import Notice
from hub.outbox import services
from tests.factories import login_verified, make_officer


def test_a_notice_is_written_once_in_the_recipients_language(client, db):
    officer = make_officer(language="fr")

    services.notice_send(user=officer, title=_("Log in"), dedupe_key="k-1")
    services.notice_send(user=officer, title=_("Log in"), dedupe_key="k-1")

    notice = Notice.objects.get(user=officer)
    assert notice.title == "Se connecter"


def test_members_read_their_own_notices_and_mark_them_read(client, db):
    officer, other = make_officer(), make_officer()
    services.notice_send(user=officer, title="Your shortlist was shared", link="/tools/")
    services.notice_send(user=other, title="Someone else's notice")
    login_verified(client, officer)

    html = client.get(reverse("notices")).content.decode()
    assert "Your shortlist was shared" in html
    assert "Someone else" not in html

    client.post(reverse("notices"))
    assert not Notice.objects.filter(user=officer, read_at__isnull=True).exists()
    assert Notice.objects.filter(user=other, read_at__isnull=True).exists()

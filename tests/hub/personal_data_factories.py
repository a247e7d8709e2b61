"""A member with data in every app, for the tests of the data export and of account erasure.

:func:`member_everywhere` gives the member at least one row for every relation to the user model
that an app's ``personal_data.COVERED`` names. Every text the member writes carries ``marker``,
so a test can look for it (or make sure it is absent). ``peer`` is another member the member
deals with (writes to, reports, blocks); ``peer`` gets no data of their own here.
"""

import secrets
from datetime import timedelta
from itertools import count

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_otp_webauthn.models import WebAuthnCredential

from community import services as community
from community.models import Block, Conversation, Message
from hub.accounts.second_factor import recovery_codes_generate
from hub.audit.services import audit_record
from hub.models import (
    AuditEvent,
    DataExport,
    DeletionRequest,
    ProviderInvitation,
    User,
    VettingDecision,
)
from hub.outbox.services import email_queue, notice_send
from learning.models import ChecklistTick, ResourceCompletion, StepCompletion
from questionnaires.models import ReviewDecision, ToolRevision
from tests.community.factories import make_category, make_event
from tests.factories import make_organisation, make_tool
from tests.learning.factories import add_resource_step, add_stage, make_path, make_resource
from tools_catalog import services as catalogue
from tools_catalog.models import Concern, DecisionContest, SavedTool, ToolDecision
from watches import services as watches
from wizard.models import Shortlist, ShortlistItem

_serial = count(1)


def member_everywhere(user: User, *, marker: str, peer: User) -> User:
    """Fill every app with ``user``'s data (texts carry ``marker``). Returns ``user``."""
    n = next(_serial)
    organisation = make_organisation(name=f"Neutral Labs {n}")
    tool = make_tool(f"Neutral Tool {n}", provider=organisation)
    _hub(user, marker=marker, peer=peer, organisation=organisation)
    _catalogue(user, marker=marker, peer=peer, tool=tool)
    _portal(user, organisation=organisation)
    _learning(user, marker=marker)
    _community(user, marker=marker, peer=peer)
    return user


def _hub(user, *, marker, peer, organisation) -> None:
    VettingDecision.objects.create(user=user, action="approve", message=f"Welcome {marker}")
    VettingDecision.objects.create(user=peer, action="approve", decided_by=user)
    ProviderInvitation.objects.create(
        organisation=organisation,
        email=f"invitee-{marker}@labs.example",
        invited_by=user,
        token_hash=secrets.token_hex(32),
    )
    audit_record(event=AuditEvent.Event.LOGIN, actor=user)
    audit_record(event=AuditEvent.Event.VETTING, actor=user, target=peer, decision="approve")
    email_queue(to=user.email, recipient=user, template="devices_reset", context={"user": user})
    notice_send(user=user, title=f"Notice for {marker}", body=f"Body {marker}", link="/me/")
    now = timezone.now()
    days_ago = now - timedelta(days=10)
    DataExport.objects.create(  # an earlier copy, long expired
        user=user, created_at=days_ago, ready_at=days_ago, expires_at=days_ago + timedelta(days=2)
    )
    DeletionRequest.objects.create(
        user=user, requested_at=now, erase_after=now + timedelta(days=30), cancelled_at=now
    )
    recovery_codes_generate(user=user)
    WebAuthnCredential.objects.create(  # a passkey: its name and dates, never its key, exported
        user=user,
        name=f"Passkey of {marker}",
        credential_id=secrets.token_bytes(16),
        public_key=secrets.token_bytes(77),
    )
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(peer.pk),
        object_repr=peer.email,
        action_flag=CHANGE,
        change_message="[]",
    )


def _catalogue(user, *, marker, peer, tool) -> None:
    SavedTool.objects.create(user=user, tool=tool)
    catalogue.feedback_post(tool=tool, author=user, body=f"<p>Feedback by {marker}</p>")
    by_peer = catalogue.feedback_post(tool=tool, author=peer, body="<p>Peer feedback</p>")
    catalogue.feedback_report(feedback=by_peer, reporter=user, reason=f"Report by {marker}")
    shortlist = Shortlist.objects.create(owner=user, name=f"Shortlist {marker}", notes=marker)
    ShortlistItem.objects.create(
        shortlist=shortlist, tool=tool, position=1, tool_name=tool.name, provider_name="Labs"
    )
    watches.watch_shortlist(user=user, shortlist=shortlist, frequency="weekly")
    Shortlist.objects.create(
        owner=peer,
        name="Shared shortlist",
        read_only=True,
        shared_by=user,
        shared_at=timezone.now(),
    )
    Concern.objects.create(
        tool=tool, reporter=user, category="ethical", description=f"Concern by {marker}"
    )
    Concern.objects.create(
        tool=tool, category="other", description="Raised by someone", assignee=user
    )
    decision = ToolDecision.objects.create(
        tool=tool, action="suspend", previous_status="published", reason="Checks", decided_by=user
    )
    DecisionContest.objects.create(decision=decision, author=user, message=f"Reply by {marker}")


def _portal(user, *, organisation) -> None:
    tool = make_tool(f"Portal Tool {next(_serial)}", provider=organisation)
    revision = ToolRevision.objects.create(
        tool=tool,
        number=1,
        kind="new",
        state="published",
        created_by=user,
        submitted_by=user,
        submitted_at=timezone.now(),
        reviewer=user,
    )
    ReviewDecision.objects.create(revision=revision, action="publish", decided_by=user)


def _learning(user, *, marker) -> None:
    resource = make_resource("Neutral resource")
    path = make_path("Neutral path")
    stage = add_stage(path, "Neutral stage", items=("Neutral item",))
    step = add_resource_step(path, resource)
    ResourceCompletion.objects.create(user=user, resource=resource)
    StepCompletion.objects.create(user=user, step=step)
    ChecklistTick.objects.create(user=user, item=stage.items.first())


def _community(user, *, marker, peer) -> None:
    profile = community.profile_ensure(user=user)
    community.profile_update(
        profile=profile,
        listed=True,
        expertise=f"Expertise of {marker}",
        phone="+1 555 0100",
        show_name=True,
    )
    community.event_register(event=make_event("Neutral event"), user=user)
    started, _ = Conversation.objects.get_or_create(started_by=user, recipient=peer)
    Message.objects.create(conversation=started, sender=user, body=f"Message from {marker}")
    from_peer = Message.objects.create(conversation=started, sender=peer, body="Peer's reply")
    received, _ = Conversation.objects.get_or_create(started_by=peer, recipient=user)
    Message.objects.create(conversation=received, sender=peer, body="Peer writes first")
    community.message_report(message=from_peer, reporter=user, reason=f"Report by {marker}")
    Block.objects.create(blocker=user, blocked=peer)
    thread = community.thread_start(
        category=make_category(),
        author=user,
        title=f"Thread by {marker}",
        body=f"<p>Post by {marker}</p>",
    )
    community.post_reply(thread=thread, author=user, body=f"<p>Reply by {marker}</p>")
    peer_thread = community.thread_start(
        category=make_category(), author=peer, title="Peer thread", body="<p>Peer post</p>"
    )
    community.post_report(
        post=peer_thread.posts.first(), reporter=user, reason=f"Report by {marker}"
    )

"""Registry of every domain's models, so Alembic and the mapper see all tables at once."""

from app.account.models import Role, User
from app.api.models import ApiToken
from app.audit import recorder as _audit_recorder  # noqa: F401  (registers the listeners)
from app.audit.models import AuditAction, AuditEvent
from app.auth.models import LoginAttempt
from app.commitment.models import (
    ActionItem,
    FollowUp,
    Pledge,
    PledgeStatusChange,
    pledge_topic,
)
from app.contact.models import Affiliation, Contact
from app.db import Base
from app.document.models import Document, DocumentFile
from app.feeds.models import CalendarToken
from app.generation import DataGeneration
from app.matching import upkeep as _matching_upkeep  # noqa: F401  (registers the listener)
from app.matching.models import contact_name_key, organisation_name_key
from app.meeting.models import Meeting, Participant, Presentation, meeting_topic
from app.organisation import last_met as _last_met  # noqa: F401  (registers the listeners)
from app.organisation.health import ContactCadence
from app.organisation.models import Organisation, OrganisationAlias
from app.reminders.models import DigestLog
from app.secret_key import InstanceSecret
from app.submissions import FormSubmission
from app.tally import upkeep as _tally_upkeep  # noqa: F401  (registers the listeners)
from app.topic.models import Topic
from app.webhooks import outbox as _outbox  # noqa: F401  (registers the listeners)
from app.webhooks.models import OutboxEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ActionItem",
    "ApiToken",
    "Affiliation",
    "AuditAction",
    "AuditEvent",
    "LoginAttempt",
    "Base",
    "CalendarToken",
    "Contact",
    "DataGeneration",
    "DigestLog",
    "Document",
    "DocumentFile",
    "ContactCadence",
    "FollowUp",
    "FormSubmission",
    "InstanceSecret",
    "Meeting",
    "Organisation",
    "OutboxEvent",
    "OrganisationAlias",
    "Participant",
    "Pledge",
    "PledgeStatusChange",
    "Presentation",
    "Role",
    "Topic",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "contact_name_key",
    "meeting_topic",
    "organisation_name_key",
    "pledge_topic",
]

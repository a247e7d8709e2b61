"""The audit log: security events and staff decisions, written by every part of the hub through
:func:`hub.audit.services.audit_record`, read by staff in the admin (filters, CSV export)."""

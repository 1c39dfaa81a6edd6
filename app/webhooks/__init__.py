"""Webhooks: events written to an outbox with the change itself, delivered by the worker."""

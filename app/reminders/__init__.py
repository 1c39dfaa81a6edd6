"""E-mail reminders: each person's daily digest of overdue and soon-due work."""

"""Signed webhooks: subscribers told of changes in the change log, one delivery per event, sent by the task worker.

- `events`: the events a subscriber chooses from, derived from change-log rows (cause and resource type).
- `models`: subscribers, deliveries and the log of each attempt.
- `signing`: the `X-Clinic-Signature` header and its check (what a receiver runs).
- `sending`: the change-log listener making deliveries, and the task that sends them with retries.
- `admin`: subscribers and deliveries in the Wagtail admin, with "Send again".
"""

"""Management commands of the reference site: demo content and the admin login."""

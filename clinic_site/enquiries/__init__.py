"""The clinic's built-in consultation enquiry form: a Wagtail form page with consent, spam checks and a rate limit."""

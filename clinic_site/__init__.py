"""Clinic CMS reference site: settings, URLs and the concrete models the plugin apps plug into."""

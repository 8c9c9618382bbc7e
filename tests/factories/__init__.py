"""Factories for tests: one module per app, built on factory_boy and wagtail-factories."""

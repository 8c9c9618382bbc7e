"""Galleries: before/after treatment results with patient consent and photo privacy, as a Wagtail app."""

"""Metrics and benchmark tasks."""

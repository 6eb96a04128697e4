"""Secrets: credentials that would travel in plain text."""

"""Sentence alignment."""

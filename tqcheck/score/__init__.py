"""Scores: fidelity per alignment and per document."""

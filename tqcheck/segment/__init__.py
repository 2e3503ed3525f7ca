"""Sentence segmentation for Korean and English, returned as character spans."""

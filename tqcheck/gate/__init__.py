"""The gate: what passes and what fails a document or a batch, baselines, batch runs."""

"""The reporting burden: each series' cadence, open-ended requests, overlapping requests."""

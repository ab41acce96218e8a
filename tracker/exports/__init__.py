"""Exports of the obligation list: CSV and Excel, from one reader of the rows."""

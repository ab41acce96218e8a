"""Reminders of deadlines and mandates' ends: which are due (schedule), and sending them (sending)."""

"""Editing board files as text: the edit session, seats (thp member), meetings (thp meeting), sheets
and ModernGov (thp import)."""

"""Editing board files as text: the edit session, seats (thp member), sheets and ModernGov (thp import)."""

"""The partnership written out for spreadsheets, open data and calendars: one module per format.

Library first: :func:`.run.export` loads ``data/`` once and hands the dataset to
one writer per format. Each writer is a pure function of the dataset (and of
the day, where a format needs one), so the same data gives the same bytes:

- :mod:`.seats` (csv) and :mod:`.workbook` (xlsx): one row per seat, and the officer's workbook;
- :mod:`.popolo`: boards, organisations, seats and named people as Popolo JSON;
- :mod:`.calendar`: the boards' meetings as an iCalendar (RFC 5545) feed.

No export carries contact details: people appear by id (and, in Popolo, by
name) only. openpyxl and icalendar are imported by the writers that use them.
"""

"""The partnership's website (``thp site build``): a page per board and per organisation,
the plan, the tracker, changes and publication, all from the data."""

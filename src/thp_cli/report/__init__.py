"""The annual report: its content, membership changes, structure diagram and rendering.

``annual`` (the report's text) and ``annual_report`` (the text, or why there is
none) are the entry points, in :mod:`.annual`. The rest loads only when a report
is made: :mod:`.content` (what the report says, as plain values) with its
sections in :mod:`.tracker`, :mod:`.boards`, :mod:`.structure`, :mod:`.links` and
:mod:`.left_out`; :mod:`.membership` (changes during the year, from git);
:mod:`.diagram` (the boards as SVG and Mermaid). The judgements the report shares
with the rules are made in :mod:`thp_cli.duties`.
"""

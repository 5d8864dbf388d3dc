"""The rule catalogue: every finding's rule id, severity, explanation and source.

A rule is a check function with an id, a default severity, a title, the paper
it comes from, and a docstring that explains it to an officer. A check yields
:class:`Problem` values, where and what; :meth:`Rule.findings` stamps each with
the rule's id and default severity (as yamllint's linter does), so no check
writes its own id or severity. Rules found
while reading files (syntax, schema) are declared here too, without a check,
so that ``thp rules`` and the README list every id a finding can carry.

``thp rules`` prints this catalogue, and the README's table is generated from
it. A partnership may change the severity of a configurable rule in
``partnership.yaml`` under ``rules:``.
"""

"""Review services (framework-free): the day's queue, decisions, corrections, audit trail, label export.

The web app in ``review/`` and the CLI call these with a ``Session`` they own; nothing here knows about HTTP.
"""

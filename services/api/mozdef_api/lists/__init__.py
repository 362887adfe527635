"""Blocklist and watchlist: values analysts and response actions list, served as feeds
(:mod:`.routes`), and the record of what response actions did for each alert (:mod:`.alert_actions`).

:mod:`.entries` and :mod:`.store` are free of the web framework: the alerter's block actions write
the lists through them.
"""

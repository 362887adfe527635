"""The blocklist and the watchlist: entries with expiries in the state store, shared by the api (REST
and feeds) and the alerter (block actions, the watchlist rule)."""

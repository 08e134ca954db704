"""Portal views: read-only pages (home and the informational pages)."""

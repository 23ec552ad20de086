"""The Buzón's public views (routed by BuzonPage)."""

"""Settings split by environment: base (shared, safe), dev, production, test."""

"""Demo content of the portal (plain data) and the code that seeds it idempotently."""

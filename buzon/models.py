"""Buzón OPTISNTE models (the Buzón issue adds tickets, folios and their history)."""

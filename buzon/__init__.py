"""Buzón OPTISNTE: citizens' tickets (skeleton; the Buzón issue fills it in)."""

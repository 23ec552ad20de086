"""Site search at /buscar/."""

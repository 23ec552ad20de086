"""Ejes: the classification that crosses the structure, and its listings."""

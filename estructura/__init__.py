"""Estructura Sindical: the órganos and the content each one owns."""

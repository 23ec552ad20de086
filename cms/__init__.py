"""OPTISNTE project package: settings, URLs, API router, shared blocks and site settings."""

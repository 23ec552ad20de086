"""The home page and the demo content that shows the whole site."""

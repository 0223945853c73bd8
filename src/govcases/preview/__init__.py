"""`serve`: the preview server and its quick path for edited cases."""

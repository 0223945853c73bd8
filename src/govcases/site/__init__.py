"""Documents → the site: prepared text, indexes, views, rendered pages, exports, search."""

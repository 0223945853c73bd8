"""What a rebuild remembers: the on-disk cache, the case memo and the no-op signature."""

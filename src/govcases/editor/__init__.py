"""Editing helpers behind `new`, `fmt` and `import`."""

"""Safe reading of the checkout: files and YAML."""

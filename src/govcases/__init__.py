"""govcases: a static-site generator for Chinese local-governance innovation cases."""

"""Simplified and Traditional Chinese: detection, conversion, folding, text normalization."""

"""The inputs: cases, taxonomy, places, reports, source documents, conversion review."""

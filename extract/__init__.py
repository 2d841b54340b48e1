"""plan-extract: Vietnamese plan documents to structured, schema-checked JSON."""

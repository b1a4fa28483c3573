"""Reading, normalizing and validating API documents."""

"""The "GBDA" Processing provider and its algorithms."""

"""The history of lookups: its database worker, its dock, and what goes in and out."""

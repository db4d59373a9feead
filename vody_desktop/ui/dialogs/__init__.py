"""The dialogs: About, Preferences, and the one for unexpected errors."""

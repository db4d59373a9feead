"""The Compare window: two results picked, compared off the UI thread, their differences shown."""

"""Qt widgets and models: the main window, the JSON tree model and their helpers."""

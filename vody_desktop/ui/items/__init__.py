"""The Items tab: the result's items as a table (model, view, the tab's controls)."""

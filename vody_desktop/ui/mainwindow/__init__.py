"""The main window and what it is made of: the lookup form, the message area's
place, the status summary and header, the lookup controller, the action table and menus."""

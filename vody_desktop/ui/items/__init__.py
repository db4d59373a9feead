"""The Items view: the table of a result's items, its model, delegate and swatches."""

"""The result on screen: the lazy tree model and its views, the raw JSON view, the
Details pane, and the tree's copy and expand actions."""

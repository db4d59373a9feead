"""Small widgets the other parts share: labels that elide, named clear buttons, the
message area."""

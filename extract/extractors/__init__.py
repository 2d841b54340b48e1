"""One module per item type, each a function `(text, outline) -> items`."""

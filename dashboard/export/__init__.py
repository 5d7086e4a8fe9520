"""Files of a view: the formats table, images (matplotlib), animations, data and the command."""

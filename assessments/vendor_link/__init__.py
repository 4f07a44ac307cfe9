"""A vendor answers its own worksheet through a private link; the program reviews it."""

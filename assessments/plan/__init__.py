"""The action plan: an action per finding, kept when people edit it, and its page and CSV."""

"""Content that a page needs and the database lacks (load_content never ran, or a row deleted).

Raised where the content is read, so no page computes with half a model; turned into a
translated page by toolkit.middleware.ContentIncompleteMiddleware, never a 500.
"""


class ContentIncomplete(Exception):
    """Shipped content is missing; `missing` says what, in words for site admins."""

    def __init__(self, missing: str):
        super().__init__(missing)
        self.missing = missing

"""Exchange: exports (CSV, versioned JSON), importing an export as a new draft, and deleting an
assessment with everything of it."""

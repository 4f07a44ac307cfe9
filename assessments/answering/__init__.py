"""Worksheets and answering: worksheet content (loading and its schema, kept in memory per
content version), section forms, saving answers, progress, an assessment's life (start, vendors,
re-assessment) and the pages that show and fill them."""

"""Helpers for tests that look at the translation status."""

from toolkit.translation_status import translation_status


def problems(**filters) -> set[tuple]:
    """The status as (model, slug, field, language, problem) tuples, easy to compare."""
    return {
        (type(p.obj).__name__, getattr(p.obj, "slug", None), p.field, p.language, p.problem)
        for p in translation_status(**filters)
    }

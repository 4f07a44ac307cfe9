"""Admin deletions that keep the app's rules."""


class DeletesThroughTheApp:
    """Admin deletions go through the app's own deletion, so nothing is left behind: stored
    files removed, the change history recorded by number only (the app's function writes that
    entry, so the admin's own entry, which would name what was deleted, is not written)."""

    def delete_with_the_app(self, request, obj) -> None:
        raise NotImplementedError

    def delete_model(self, request, obj):
        self.delete_with_the_app(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_with_the_app(request, obj)

    def log_deletions(self, request, queryset):
        pass

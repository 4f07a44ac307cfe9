"""Bookkeeping every content app shares: what the loader last shipped, and translation stamps.

Both tables were created by the platforms app; `db_table` keeps their names so that moving the
models here moved no data.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class TranslationStamp(models.Model):
    """When one language of one translated field of one content object last changed."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=100)
    language = models.CharField(max_length=10)
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "platforms_translationstamp"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="translation_stamp_once",
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field} [{self.language}]"


class ShippedContent(models.Model):
    """Digests of the values the content loader last wrote to one object, field by field, so a
    later load can tell an admin's edit (kept) from a change in the shipped files (applied)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    digests = models.JSONField(default=dict)

    class Meta:
        db_table = "platforms_shippedcontent"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="shipped_content_once"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"

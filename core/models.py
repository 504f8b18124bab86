from django.db import models


class TimeStampedModel(models.Model):
    """Base for every content model: most lists sort or filter on these two columns."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Feedback(TimeStampedModel):
    """Feedback sent from the footer link, kept so staff can read it even if email fails."""

    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True)
    page = models.CharField(max_length=500, blank=True)
    message = models.TextField(max_length=5000)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.message[:60]

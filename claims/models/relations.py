"""How one claim bears on another: contradicts, supports, qualifies, responds to, same as."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims.models.base import User, Versioned, Withdrawable
from claims.models.claim import Claim


class ClaimRelation(Withdrawable, Versioned):
    """A directed link: ``from_claim`` <kind> ``to_claim``, shown from both ends."""

    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", "contradicts"
        SUPPORTS = "supports", "supports"
        QUALIFIES = "qualifies", "qualifies"
        RESPONDS_TO = "responds_to", "responds to"
        SAME_AS = "same_as", "same as"

    # How the relation reads from the other end.
    INVERSE_LABELS = {
        Kind.CONTRADICTS: "contradicted by",
        Kind.SUPPORTS: "supported by",
        Kind.QUALIFIES: "qualified by",
        Kind.RESPONDS_TO: "responded to by",
        Kind.SAME_AS: "same as",
    }

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=Kind)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="relation_not_to_itself",
                violation_error_message="A claim cannot be related to itself.",
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"],
                name="relation_unique_per_kind",
                violation_error_message="These two claims already have a relation of this kind.",
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.from_claim_id} {self.get_kind_display()} claim {self.to_claim_id}"

    @property
    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.kind]

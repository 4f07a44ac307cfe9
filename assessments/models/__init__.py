from .actions import ActionItem, ActionSeverity, ActionStatus
from .assessments import Answer, Assessment, AssessmentKind, AssessmentStatus, VendorEvaluation
from .recommendations import ReadinessThreshold, Recommendation
from .signed_off import SignedOffChannel, SignedOffRecommendation, newest_signed_off_refresh
from .vendor_requests import (
    LinkState,
    VendorAnswer,
    VendorRequest,
    VendorRequestStatus,
    VendorReview,
)
from .worksheets import (
    CHART_CHANNELS,
    UNSURE,
    WEIGHT_MAX,
    Channel,
    Choice,
    ContentVersion,
    Dimension,
    Question,
    QuestionKind,
    Section,
    Worksheet,
)

__all__ = [
    "CHART_CHANNELS",
    "UNSURE",
    "WEIGHT_MAX",
    "newest_signed_off_refresh",
    "ActionItem",
    "ActionSeverity",
    "ActionStatus",
    "Answer",
    "Assessment",
    "AssessmentKind",
    "AssessmentStatus",
    "Channel",
    "Choice",
    "ContentVersion",
    "Dimension",
    "LinkState",
    "Question",
    "QuestionKind",
    "ReadinessThreshold",
    "Recommendation",
    "Section",
    "SignedOffChannel",
    "SignedOffRecommendation",
    "VendorAnswer",
    "VendorEvaluation",
    "VendorRequest",
    "VendorRequestStatus",
    "VendorReview",
    "Worksheet",
]

from .assessments import Answer, Assessment, AssessmentStatus, VendorEvaluation
from .recommendations import ReadinessThreshold, Recommendation
from .worksheets import (
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
    "UNSURE",
    "WEIGHT_MAX",
    "Answer",
    "Assessment",
    "AssessmentStatus",
    "Channel",
    "Choice",
    "ContentVersion",
    "Dimension",
    "Question",
    "QuestionKind",
    "ReadinessThreshold",
    "Recommendation",
    "Section",
    "VendorEvaluation",
    "Worksheet",
]

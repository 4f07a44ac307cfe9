from .recommendations import ReadinessThreshold, Recommendation
from .assessments import Answer, Assessment, AssessmentStatus, VendorEvaluation
from .worksheets import (Channel, Choice, ContentVersion, Dimension, Question, QuestionKind,
                         Section, Worksheet)

__all__ = ["Answer", "Assessment", "AssessmentStatus", "Channel", "Choice", "ContentVersion",
           "Dimension", "Question", "QuestionKind", "ReadinessThreshold", "Recommendation", "Section", "VendorEvaluation", "Worksheet"]

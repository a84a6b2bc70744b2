"""The participation app's models live in modules by topic; this module gathers them for Django."""

from .events.models import Event, EventAttachment, EventKind, WalkOutcome, WalkPoint
from .ideas.models import Idea, IdeaSource, IdeaStatus
from .printing.models import PrintKind, PrintStatus, SurveyPrint
from .surveys.models import (
    CHOICE_KINDS,
    MIN_CELL_SIZE,
    Answer,
    Channel,
    Choice,
    GridItem,
    Question,
    QuestionKind,
    QuestionRole,
    Response,
    Survey,
    SurveyStatus,
)

__all__ = [
    "CHOICE_KINDS",
    "MIN_CELL_SIZE",
    "Answer",
    "Channel",
    "Choice",
    "Event",
    "EventAttachment",
    "EventKind",
    "GridItem",
    "Idea",
    "IdeaSource",
    "IdeaStatus",
    "PrintKind",
    "PrintStatus",
    "Question",
    "QuestionKind",
    "QuestionRole",
    "Response",
    "Survey",
    "SurveyPrint",
    "SurveyStatus",
    "WalkOutcome",
    "WalkPoint",
]

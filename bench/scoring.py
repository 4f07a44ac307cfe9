"""Benchmark: scoring a whole assessment (readiness and platform worksheets, five vendors, each
channel held to its best vendor), in-process, through assessments.verdict as the results do.

Run: .venv/bin/python bench/scoring.py

Reads the shipped worksheets from content/ (no database), answers every question at random
with a fixed seed, and times the pure engine. Prints the median of several runs for the full
assessment and for the same content repeated ten times (ten times the questions and answers),
and the ratio between the two, measured side by side in the same run.
"""

import random
import sys
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessments.scoring.engine import (
    CHANNELS,
    DIMENSIONS,
    ChoiceSpec,
    QuestionSpec,
    Thresholds,
    ThresholdSpec,
)
from assessments.scoring.verdict import score_assessment
from bench.common import ROOT, machine, median_seconds

VENDORS = 5
RUNS = 25


def specs(worksheet: str, copies: int = 1) -> tuple[QuestionSpec, ...]:
    """The worksheet's choice questions as the engine sees them, `copies` times over."""
    data = yaml.safe_load((ROOT / "content" / "worksheets" / f"{worksheet}.yaml").read_text())
    questions = []
    for copy in range(copies):
        for section in data["sections"]:
            for q in section["questions"]:
                if not q.get("choices"):
                    continue
                choices = tuple(
                    ChoiceSpec(
                        str(c["key"]),
                        tuple((c.get("weights") or {}).get(d, 0) for d in DIMENSIONS),
                        bool(c.get("blocks")),
                    )
                    for c in q["choices"]
                )
                channels = frozenset(q.get("channels") or CHANNELS)
                questions.append(
                    QuestionSpec(f"{q['key']}-{copy}", channels, bool(q.get("critical")), choices)
                )
    return tuple(questions)


def answers(questions, rng: random.Random) -> dict[str, tuple[str, ...]]:
    """One random choice per question (some left unanswered)."""
    return {q.key: (rng.choice(q.choices).key,) for q in questions if rng.random() < 0.9}


def thresholds() -> Thresholds:
    return Thresholds(tuple(ThresholdSpec(d, 80, 50) for d in DIMENSIONS))


def score_everything(program, vendor, program_answers, vendor_answers, bands) -> None:
    score_assessment(
        program_questions=program,
        program_answers=program_answers,
        vendor_questions=vendor,
        vendor_answers={str(number): each for number, each in enumerate(vendor_answers)},
        thresholds=bands,
        channels=CHANNELS,
    )


def median_ms(copies: int) -> tuple[float, int]:
    rng = random.Random(7)
    readiness = specs("readiness", copies) + specs("platform", copies)
    vendor = specs("vendor", copies)
    program_answers = answers(readiness, rng)
    vendor_answers = [answers(vendor, rng) for _ in range(VENDORS)]
    bands = thresholds()
    seconds = median_seconds(
        lambda: score_everything(readiness, vendor, program_answers, vendor_answers, bands), RUNS
    )
    count = len(program_answers) + sum(len(a) for a in vendor_answers)
    return seconds * 1000, count


def main() -> None:
    median_ms(1)  # warm up imports and caches
    one, one_count = median_ms(1)
    ten, ten_count = median_ms(10)
    print(f"# Scoring benchmark, {date.today()}, {machine()}, median of {RUNS} runs")
    print("| case | answers | median ms | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| full assessment, {VENDORS} vendors | {one_count} | {one:.2f} | 1.00 | < 20 ms |")
    print(f"| ten times the answers | {ten_count} | {ten:.2f} | {ten / one:.2f} | about 10 |")


if __name__ == "__main__":
    main()

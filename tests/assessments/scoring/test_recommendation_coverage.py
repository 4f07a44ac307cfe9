"""Every answer that can leave a risk open leads somewhere: the shipped YAML, read with PyYAML.

A finding shows its question's own recommendation, else the fallback (a recommendation without a
`question`) for its most open dimension (assessments.results). These checks need no database:
they read content/worksheets/*.yaml and content/recommendations.yaml as shipped.
"""

from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parents[3] / "content"
DIMENSIONS = ("safety", "privacy", "confidentiality", "access", "capacity")
UNSURE, NOT_APPLICABLE = "unsure", "not-applicable"

# Platform "requirement" questions: what the platform must be, matched against the chart. Wanting
# a safeguard mitigates nothing, so they carry no weights; their "yes" says what they require.
REQUIREMENT_NEEDS = {
    "platform-e2e-required": {"e2e_encryption": "yes"},
    "platform-vendor-cannot-read": {"vendor_reads_content": "no"},
    "platform-no-device-history": {"device_history": "no"},
    "platform-retention-controls": {"retention_controls": "yes"},
    "platform-accessibility-required": {"accessibility": "yes"},
    "platform-languages-required": {"languages": "yes"},
}


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def shipped_worksheets() -> dict[str, dict]:
    return {path.stem: load_yaml(path) for path in sorted((CONTENT / "worksheets").glob("*.yaml"))}


def shipped_recommendations() -> list[dict]:
    return load_yaml(CONTENT / "recommendations.yaml")["recommendations"]


def questions_of(worksheets: dict[str, dict]):
    """(worksheet key, question) for every question, in file order."""
    for name, worksheet in worksheets.items():
        for section in worksheet["sections"]:
            for question in section["questions"]:
                yield name, question


def choices_of(question: dict) -> list[dict]:
    return question.get("choices") or []


def weighted_dimensions(question: dict) -> set[str]:
    """The dimensions any choice of the question mitigates."""
    return {
        dimension
        for choice in choices_of(question)
        for dimension, weight in (choice.get("weights") or {}).items()
        if weight
    }


def coverage_problems(worksheets: dict[str, dict], recommendations: list[dict]) -> list[str]:
    """Each weighted or critical question with neither its own recommendation nor, for every
    dimension it weights, a fallback; named with its worksheet."""
    own = {item["question"] for item in recommendations if item.get("question")}
    fallbacks = {item["dimension"] for item in recommendations if not item.get("question")}
    problems = []
    for name, question in questions_of(worksheets):
        key, dimensions = question["key"], weighted_dimensions(question)
        if key in own or not (dimensions or question.get("critical")):
            continue
        if not dimensions:
            problems.append(f"{name}: {key} is critical and has no recommendation of its own")
        elif missing := sorted(dimensions - fallbacks, key=DIMENSIONS.index):
            problems.append(
                f"{name}: {key} has no recommendation of its own and no fallback "
                f"for {', '.join(missing)}"
            )
    return problems


def critical_without_own_recommendation(
    worksheets: dict[str, dict], recommendations: list[dict]
) -> list[str]:
    own = {item["question"] for item in recommendations if item.get("question")}
    return [
        f"{name}: {question['key']}"
        for name, question in questions_of(worksheets)
        if question.get("critical") and question["key"] not in own
    ]


def guide_problems(recommendations: list[dict], guides: Path) -> list[str]:
    return [
        f"{item['key']}: no guide {item.get('guide')!r} in {guides.name}/"
        for item in recommendations
        if not item.get("guide") or not (guides / f"{item['guide']}.yaml").is_file()
    ]


def requirement_problems(worksheets: dict[str, dict]) -> list[str]:
    """The platform requirement questions carry no weights, and each "yes" says what it needs."""
    found = {question["key"]: question for _, question in questions_of(worksheets)}
    problems = []
    for key, needs in REQUIREMENT_NEEDS.items():
        if key not in found:
            problems.append(f"{key}: missing")
            continue
        if weighted := weighted_dimensions(found[key]):
            problems.append(f"{key}: weighs {', '.join(sorted(weighted))}; it should only match")
        yes = [choice for choice in choices_of(found[key]) if str(choice["key"]) == "yes"]
        if not yes or yes[0].get("needs") != needs:
            problems.append(f'{key}: "yes" should need {needs}')
    return problems


def not_applicable_problems(worksheets: dict[str, dict]) -> list[str]:
    """ "Does not apply" takes a question out of scoring: no weights, never blocks, listed last."""
    problems = []
    for name, question in questions_of(worksheets):
        keys = [str(choice["key"]) for choice in choices_of(question)]
        for choice in choices_of(question):
            if choice["key"] != NOT_APPLICABLE:
                continue
            if any((choice.get("weights") or {}).values()):
                problems.append(f'{name}: {question["key"]}: "Does not apply" carries weights')
            if choice.get("blocks"):
                problems.append(f'{name}: {question["key"]}: "Does not apply" blocks')
            if keys[-1] != NOT_APPLICABLE or UNSURE not in keys:
                problems.append(
                    f'{name}: {question["key"]}: "Does not apply" must come last, after "Not sure"'
                )
    return problems


# --- The shipped content --------------------------------------------------------------------


def test_every_weighted_or_critical_question_has_a_recommendation_path():
    assert coverage_problems(shipped_worksheets(), shipped_recommendations()) == []


def test_every_critical_question_has_its_own_recommendation():
    assert (
        critical_without_own_recommendation(shipped_worksheets(), shipped_recommendations()) == []
    )


def test_a_fallback_for_every_dimension():
    fallbacks = {
        item["dimension"] for item in shipped_recommendations() if not item.get("question")
    }
    assert fallbacks == set(DIMENSIONS)


def test_every_recommendation_links_a_guide_that_exists():
    assert guide_problems(shipped_recommendations(), CONTENT / "guides") == []


def test_recommendations_name_questions_that_exist_in_their_languages():
    keys = {question["key"] for _, question in questions_of(shipped_worksheets())}
    for item in shipped_recommendations():
        assert item.get("question") is None or item["question"] in keys, item["key"]
        for field in ("title", "text"):
            assert item[field]["en"].strip() and item[field]["es"].strip(), item["key"]


def test_platform_requirement_questions_only_drive_matching():
    assert requirement_problems(shipped_worksheets()) == []


def test_does_not_apply_never_scores_or_blocks():
    worksheets = shipped_worksheets()
    assert not_applicable_problems(worksheets) == []
    offered = {
        question["key"]
        for _, question in questions_of(worksheets)
        if any(choice["key"] == NOT_APPLICABLE for choice in choices_of(question))
    }
    assert {"urgent-scope-limited", "hotline-referral", "platform-languages-required"} <= offered


def test_critical_vendor_questions_block_on_their_worst_answer():
    vendor = {
        question["key"]: question
        for _, question in questions_of({"vendor": shipped_worksheets()["vendor"]})
    }
    blocking = {
        key: {str(c["key"]) for c in choices_of(q) if c.get("blocks")}
        for key, q in vendor.items()
        if q.get("critical")
    }
    assert blocking == {
        "vendor-survivor-account": {"yes"},
        "vendor-survivor-download": {"yes"},
        "vendor-device-traces": {"unavoidable"},
        "vendor-encryption": {"not-encrypted"},
        "vendor-can-read-content": {"yes"},
        "vendor-content-retention": {"long-or-unstated"},
        "vendor-purge-controls": {"cannot-delete"},
        "vendor-recording": {"always-on"},
        "vendor-shares-data": {"yes"},
        "vendor-release-required": {"yes"},
        "vendor-tracking-tools": {"yes"},
    }


# --- The checks themselves fail, naming the question ----------------------------------------


def made_up_worksheet() -> dict[str, dict]:
    yes_no = lambda **yes: [{"key": "yes", "weights": yes}, {"key": "no"}, {"key": UNSURE}]  # noqa: E731
    return {
        "made-up": {
            "sections": [
                {
                    "questions": [
                        {"key": "made-up-advised", "choices": yes_no(safety=3)},
                        {"key": "made-up-fallback", "choices": yes_no(capacity=2)},
                        {"key": "made-up-orphan", "choices": yes_no(privacy=3, capacity=1)},
                        {
                            "key": "made-up-critical",
                            "critical": True,
                            "choices": [
                                {"key": "yes", "blocks": True},
                                {"key": "no"},
                                {"key": UNSURE},
                            ],
                        },
                        {"key": "made-up-unweighted", "choices": [{"key": "a"}, {"key": UNSURE}]},
                        {
                            "key": "made-up-not-applicable",
                            "choices": [
                                {"key": "yes", "weights": {"safety": 1}},
                                {"key": NOT_APPLICABLE, "weights": {"safety": 1}, "blocks": True},
                                {"key": UNSURE},
                            ],
                        },
                        {
                            "key": "platform-e2e-required",
                            "choices": [
                                {"key": "yes", "weights": {"privacy": 2}},
                                {"key": "no"},
                                {"key": UNSURE},
                            ],
                        },
                    ]
                }
            ]
        }
    }


MADE_UP_ADVICE = [
    {"key": "own", "dimension": "safety", "question": "made-up-advised", "guide": "three-risks"},
    {"key": "fallback", "dimension": "capacity", "guide": "no-such-guide"},
]


def test_coverage_names_each_question_left_without_a_path():
    assert coverage_problems(made_up_worksheet(), MADE_UP_ADVICE) == [
        "made-up: made-up-orphan has no recommendation of its own and no fallback for privacy",
        "made-up: made-up-critical is critical and has no recommendation of its own",
        "made-up: made-up-not-applicable has no recommendation of its own and no fallback "
        "for safety",
        "made-up: platform-e2e-required has no recommendation of its own and no fallback "
        "for privacy",
    ]
    assert critical_without_own_recommendation(made_up_worksheet(), MADE_UP_ADVICE) == [
        "made-up: made-up-critical"
    ]


def test_a_missing_guide_is_named():
    assert guide_problems(MADE_UP_ADVICE, CONTENT / "guides") == [
        "fallback: no guide 'no-such-guide' in guides/"
    ]


def test_requirement_and_does_not_apply_checks_name_the_question():
    assert requirement_problems(made_up_worksheet())[:2] == [
        "platform-e2e-required: weighs privacy; it should only match",
        "platform-e2e-required: \"yes\" should need {'e2e_encryption': 'yes'}",
    ]
    assert not_applicable_problems(made_up_worksheet()) == [
        'made-up: made-up-not-applicable: "Does not apply" carries weights',
        'made-up: made-up-not-applicable: "Does not apply" blocks',
        'made-up: made-up-not-applicable: "Does not apply" must come last, after "Not sure"',
    ]

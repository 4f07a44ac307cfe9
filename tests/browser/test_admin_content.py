"""The admin's worksheet content screens fit a 1280-pixel screen in both languages."""

from assessments.models import Question, Section, Worksheet
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_user


def test_question_and_section_screens_fit_1280_pixels_in_both_languages(page):
    admin_user = make_user(email="site-admin@toolkit.example", is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, admin_user.email, PASSWORD)
    question = Question.objects.filter(choices__needs__has_key="survivor_account").first()
    widest = max(Question.objects.all(), key=lambda q: q.choices.count())
    section = max(Section.objects.all(), key=lambda s: s.questions.count())
    worksheet = Worksheet.objects.first()
    for language in ("en", "es"):
        for path in (
            f"/{language}/admin/assessments/question/{question.pk}/change/",
            f"/{language}/admin/assessments/question/{widest.pk}/change/",
            f"/{language}/admin/assessments/section/{section.pk}/change/",
            f"/{language}/admin/assessments/worksheet/{worksheet.pk}/change/",
        ):
            page.goto(path)
            assert page.locator("#content-main").is_visible(), path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 1280, f"{path}: {width} pixels wide"
            # Nor any table or form row inside, scrolled sideways in its own box.
            widest_box = page.evaluate(
                "Math.max(...[...document.querySelectorAll('#content-main table, "
                "#content-main .form-row, #content-main fieldset')]"
                ".map(e => e.getBoundingClientRect().right + (e.scrollWidth - e.clientWidth)))"
            )
            assert widest_box <= 1280, f"{path}: content reaches {widest_box} pixels"

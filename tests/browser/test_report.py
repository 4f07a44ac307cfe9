"""A director finalizes an assessment and downloads its PDF, in Spanish, with zero axe violations."""

import pypdf

from accounts.models import Role
from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.models import Question
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, make_assessment, make_membership


def test_director_finalizes_and_downloads_the_pdf_in_spanish(page, shipped_content):
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(
        organisation=director.organisation,
        channels=["chat"],
        report_language="es",
        name="Chat 2027",
    )
    question = Question.objects.get(key="policy-emergencies")
    answers_save(
        assessment=assessment,
        vendor=None,
        by=director.user,
        inputs=[AnswerInput(question, AnswerValue(selected=("yes",)), (0, ""))],
    )
    sign_in(page, director.user.email, PASSWORD, lang="es")
    page.goto(f"/es/assessments/{assessment.pk}/report/")
    assert_accessible(page)
    page.get_by_role("link", name="Finalizar esta evaluación").click()
    assert_accessible(page)
    page.get_by_label("Su resumen para la primera página del informe (opcional)").fill(
        "Empezamos con el chat por las tardes."
    )
    page.get_by_label("He revisado las respuestas y quiero finalizar esta evaluación").check()
    page.get_by_role("button", name="Finalizar esta evaluación").click()
    page.wait_for_url(f"**/es/assessments/{assessment.pk}/report/")
    assert "Evaluación finalizada" in page.content()
    assert page.get_by_text("Empezamos con el chat por las tardes.").is_visible()
    assert_accessible(page)  # the finalized report: summary, grid, advice, appendices
    page.get_by_role("link", name="Obtener el PDF").click()
    assert_accessible(page)
    page.get_by_role("button", name="Preparar el PDF").click()
    assert page.get_by_text("Su informe está listo.").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar el PDF").click()
    pdf = pypdf.PdfReader(download.value.path())
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Chat 2027" in text and "Página 1 de" in text
    assert "Empezamos con el chat por las tardes." in pdf.pages[0].extract_text()
    assert director.user.email not in text

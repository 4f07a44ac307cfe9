from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def answer_display(question, answer) -> str:
    """An answer in words, in the reader's language (choice labels, number with unit, or text)."""
    if answer is None or not answer.is_answered:
        return _("No answer")
    if answer.selected:
        labels = {choice.key: choice.label for choice in question.choices.all()}
        return ", ".join(labels.get(key, key) for key in answer.selected)
    if answer.number is not None:
        number = number_format(answer.number.normalize())
        return f"{number} {question.unit}".strip()
    return answer.text

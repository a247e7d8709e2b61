"""The questionnaires' answers to the catalogue's signals: a tool's page and the comparison of tools
show the providers' published ethics answers, without the catalogue importing the questionnaires."""

from django.dispatch import receiver
from django.template.loader import render_to_string

from tools_catalog.signals import tool_compare_lines, tool_page_sections

from .presenters import ethics_compare_lines
from .selectors import ethics_answers_for


@receiver(tool_page_sections, dispatch_uid="questionnaires-ethics-answers")
def ethics_section(sender, *, tool, request, **kwargs) -> str:
    answers = ethics_answers_for([tool]).get(tool.pk)
    return render_to_string("questionnaires/tool_ethics.html", {"ethics": answers}, request)


@receiver(tool_compare_lines, dispatch_uid="questionnaires-ethics-lines")
def ethics_lines(sender, *, tools, **kwargs) -> list:
    return ethics_compare_lines(tools, ethics_answers_for(tools))

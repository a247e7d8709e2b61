"""Shortlists, concerns and decisions for the tests of concerns and removal."""

from safety import removal
from tools_catalog import services
from tools_catalog.models import Concern, Tool, ToolDecision
from wizard.models import Shortlist, ShortlistItem

SUMMARY = "Its accuracy claims could not be verified and it sent case data abroad."
GUIDANCE = "Stop uploading material to it and check earlier matches by hand."
REASON = "Substantiated concern: the cloud service copies uploads to a third country."


def shortlist_with(owner, *tools: Tool, name: str = "Hash tools") -> Shortlist:
    """A saved shortlist of ``tools`` (as if saved from the wizard's results for hash matching)."""
    shortlist = Shortlist.objects.create(
        owner=owner, name=name, criteria={"purpose": ["hash-matching"]}, sort="name"
    )
    ShortlistItem.objects.bulk_create(
        ShortlistItem(
            shortlist=shortlist,
            tool=tool,
            position=position,
            tool_name=tool.name,
            provider_name=tool.provider.name,
            score=None,
        )
        for position, tool in enumerate(tools, start=1)
    )
    return shortlist


def remove(tool: Tool, by, **fields) -> ToolDecision:
    values = {"reason": REASON, "summary": SUMMARY, "guidance": GUIDANCE} | fields
    return removal.tool_remove(tool=tool, by=by, **values)


def suspend(tool: Tool, by, **fields) -> ToolDecision:
    values = {"reason": REASON, "summary": SUMMARY, "guidance": GUIDANCE} | fields
    return removal.tool_suspend(tool=tool, by=by, **values)


def report(tool: Tool, reporter, **fields) -> Concern:
    values = {
        "category": Concern.Category.ETHICAL,
        "description": "It flags far more images of darker-skinned children as abuse material.",
        "evidence_links": ["https://news.example/story"],
    } | fields
    return services.concern_report(tool=tool, reporter=reporter, **values)

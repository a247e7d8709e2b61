"""Staff screens: the ethics question bank, and the review queue of providers' submissions.

The question bank is versioned. Only a draft version can be edited; staff copy the active version to a
new draft, change it, and activate it (the previous version retires). Answers keep the questions as
they were asked, so nothing done here changes an answer already given.

The review queue lists submissions waiting for a decision. A submission's page shows the proposed
details and answers field by field beside the live version, with a comment box for each section,
and takes the decision (publish, ask for changes, reject) through ``services.revision_decide``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from hub.core.admin_site import AdminQueue
from hub.models import User

from . import selectors, services, technical
from .forms import ReviewForm
from .models import Choice, Question, QuestionSet, Section, ToolRevision
from .presenters import ethics_comparison, technical_comparison, with_previous

EMPTY = "–"


# Question bank --------------------------------------------------------------------------------------


class DraftOnlyMixin:
    """Editing is for draft versions only; active and retired versions are read-only."""

    def question_set_of(self, obj) -> QuestionSet | None:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None) -> bool:
        question_set = self.question_set_of(obj) if obj is not None else None
        if question_set is not None and not question_set.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        question_set = self.question_set_of(obj) if obj is not None else None
        if question_set is not None and not question_set.is_draft:
            return False
        return super().has_delete_permission(request, obj)


class SectionInline(DraftOnlyMixin, TranslationStackedInline):
    model = Section
    fields = ["key", "position", "title", "intro"]
    extra = 0

    def question_set_of(self, obj):
        return obj

    def has_add_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_draft:
            return False
        return super().has_add_permission(request, obj)


@admin.register(QuestionSet)
class QuestionSetAdmin(DraftOnlyMixin, TabbedTranslationAdmin):
    list_display = ["version", "title", "status", "activated_at", "question_count"]
    list_filter = ["status"]
    inlines = [SectionInline]
    fields = ["version", "title", "intro", "status", "activated_at", "retired_at", "questions"]
    readonly_fields = ["status", "activated_at", "retired_at", "questions"]
    actions = ["copy_as_draft", "activate"]

    def question_set_of(self, obj):
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("sections__questions"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("version")
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        latest = QuestionSet.objects.order_by("-version").first()
        initial.setdefault("version", (latest.version + 1) if latest else 1)
        return initial

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, obj) -> int:
        return obj.question_count

    @admin.display(description=_("questions, in order"))
    def questions(self, obj) -> str:
        if obj is None or obj.pk is None:
            return gettext("Save the version and its sections first, then add questions.")
        outline = selectors.question_set_outline(obj)
        rows = []
        for section in outline.sections:
            for question in section.question_list:
                url = reverse("admin:questionnaires_question_change", args=[question.pk])
                rows.append(
                    (
                        outline.numbers[question.pk],
                        section.title,
                        url,
                        question.text,
                        question.get_kind_display(),
                        gettext("required") if question.required else gettext("optional"),
                    )
                )
        add = reverse("admin:questionnaires_question_add")
        link = (
            format_html('<p><a href="{}">{}</a></p>', add, gettext("Add a question"))
            if obj.is_draft
            else ""
        )
        if not rows:
            return format_html("<p>{}</p>{}", gettext("No questions yet."), link)
        body = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
            rows,
        )
        head = format_html_join(
            "",
            '<th scope="col">{}</th>',
            ((h,) for h in [_("No."), _("Section"), _("Question"), _("Type"), _("Required")]),
        )
        return format_html(
            "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>{}", head, body, link
        )

    @admin.action(description=_("Copy the selected version as a new draft"), permissions=["add"])
    def copy_as_draft(self, request, queryset):
        for question_set in queryset:
            copy = services.question_set_copy(question_set=question_set)
            self.log_addition(request, copy, gettext("Copied from version %(v)s.") % {
                "v": question_set.version
            })  # fmt: skip
            self.message_user(
                request,
                gettext("Version %(new)s is a draft copy of version %(old)s.")
                % {"new": copy.version, "old": question_set.version},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Activate the selected draft (the active version retires)"),
        permissions=["change"],
    )
    def activate(self, request, queryset):
        drafts = list(queryset.filter(status=QuestionSet.Status.DRAFT))
        if len(drafts) != 1 or queryset.count() != 1:
            self.message_user(
                request, gettext("Select exactly one draft version to activate."), messages.ERROR
            )
            return
        moved = services.question_set_activate(question_set=drafts[0], by=request.user)
        self.log_change(request, drafts[0], gettext("Activated."))
        self.message_user(
            request,
            ngettext(
                "Version %(v)s is now active. %(count)d provider draft moved to it.",
                "Version %(v)s is now active. %(count)d provider drafts moved to it.",
                moved,
            )
            % {"v": drafts[0].version, "count": moved},
            messages.SUCCESS,
        )


class ChoiceInline(DraftOnlyMixin, TranslationTabularInline):
    model = Choice
    fields = ["key", "label", "position"]
    extra = 3

    def question_set_of(self, obj):
        return obj.section.question_set

    def has_add_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.section.question_set.is_draft:
            return False
        return super().has_add_permission(request, obj)


SHAREABLE = {
    Question.Kind.TEXT: technical.TEXT_FIELDS_SHAREABLE,
    Question.Kind.YES_NO: technical.YES_NO_FIELDS,
}


class QuestionAdminForm(forms.ModelForm):
    technical_field = forms.ChoiceField(
        label=_("Answered in the technical questionnaire"),
        required=False,
        help_text=Question._meta.get_field("technical_field").help_text,
    )

    class Meta:
        model = Question
        fields = [
            "section", "key", "position", "kind", "required", "text", "help_text",
            "technical_field",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technical_field"].choices = [("", _("No: asked here")), *(
            (name, technical.LABELS[name])
            for names in SHAREABLE.values() for name in names
        )]  # fmt: skip
        section = self.fields.get("section")
        if section is not None:
            # New questions go into draft versions only.
            section.queryset = Section.objects.filter(
                question_set__status=QuestionSet.Status.DRAFT
            ).select_related("question_set")

    def clean(self):
        cleaned = super().clean()
        section, key = cleaned.get("section"), cleaned.get("key")
        if section is not None and key:
            taken = Question.objects.filter(
                section__question_set=section.question_set, key=key
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("key", _("Another question of this version has this key."))
        shared, kind = cleaned.get("technical_field"), cleaned.get("kind")
        if shared and shared not in SHAREABLE.get(kind, ()):
            self.add_error(
                "technical_field", _("That field takes another type of answer than this question.")
            )
        return cleaned


@admin.register(Question)
class QuestionAdmin(DraftOnlyMixin, TabbedTranslationAdmin):
    form = QuestionAdminForm
    inlines = [ChoiceInline]
    list_display = ["text", "version", "section", "kind", "required", "position"]
    list_filter = ["section__question_set", "kind", "required"]
    list_select_related = ["section__question_set"]
    search_fields = ["key", "text_en", "text_fr", "text_es", "text_ar", "text_ru", "text_zh_hans"]
    fields = [
        "section", "key", "position", "kind", "required", "text", "help_text", "technical_field",
    ]  # fmt: skip
    ordering = ["-section__question_set__version", "section__position", "position"]

    def question_set_of(self, obj):
        return obj.section.question_set

    @admin.display(description=_("version"), ordering="section__question_set__version")
    def version(self, obj) -> int:
        return obj.section.question_set.version


# Review queue ---------------------------------------------------------------------------------------


class QueueFilter(admin.SimpleListFilter):
    """Opens on the submissions waiting for a decision; the others are one click away."""

    title = _("state")
    parameter_name = "state"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [(self.ALL, _("All")), *ToolRevision.State.choices]

    def choices(self, changelist):
        value = self.value() or ToolRevision.State.IN_REVIEW
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or ToolRevision.State.IN_REVIEW
        if value == self.ALL:
            return queryset
        return queryset.filter(state=value)


class ReviewerFilter(admin.SimpleListFilter):
    title = _("reviewer")
    parameter_name = "reviewer"
    MINE, NOBODY = "me", "nobody"

    def lookups(self, request, model_admin):
        return [(self.MINE, _("Assigned to me")), (self.NOBODY, _("Not assigned"))]

    def queryset(self, request, queryset):
        if self.value() == self.MINE:
            return queryset.filter(reviewer=request.user)
        if self.value() == self.NOBODY:
            return queryset.filter(reviewer__isnull=True)
        return queryset


class AssignForm(forms.Form):
    """Who reviews a submission: "assign to me", or a staff member picked from the list."""

    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(
            is_staff=True, is_active=True
        ).order_by("name", "email")
        self.fields["reviewer"].label_from_instance = lambda user: (
            f"{user.name} ({user.email})" if user.name else user.email
        )


@admin.register(ToolRevision)
class ToolRevisionAdmin(admin.ModelAdmin):
    """The review desk: the queue, oldest first, and one page per submission."""

    list_display = ["name", "provider", "kind", "number", "waiting", "reviewed_by", "state"]
    list_filter = [QueueFilter, ReviewerFilter, "kind"]
    list_select_related = ["tool__provider", "reviewer"]
    search_fields = ["tool__name", "tool__provider__name"]
    # Oldest first: whoever has waited longest is reviewed first.
    ordering = ["submitted_at", "created_at"]
    review_template = "admin/questionnaires/toolrevision/review.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("tool__provider", "question_set", "reviewer")
        )

    @admin.display(description=_("reviewer"), ordering="reviewer__name")
    def reviewed_by(self, obj) -> str:
        if obj.reviewer is None:
            return EMPTY
        return obj.reviewer.name or obj.reviewer.email

    @admin.display(description=_("waiting for"), ordering="submitted_at")
    def waiting(self, obj) -> str:
        if obj.state != ToolRevision.State.IN_REVIEW or obj.submitted_at is None:
            return EMPTY
        return timesince(obj.submitted_at)

    def has_add_permission(self, request) -> bool:
        return False  # providers submit in the portal

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of what was submitted and decided stays

    def get_actions(self, request):
        return {}

    @admin.display(description=_("tool"), ordering="tool__name")
    def name(self, obj) -> str:
        return obj.name

    @admin.display(description=_("provider"), ordering="tool__provider__name")
    def provider(self, obj) -> str:
        return obj.tool.provider.name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        sections = self._sections(revision)
        can_decide = revision.state == ToolRevision.State.IN_REVIEW and self.has_change_permission(
            request
        )
        form = None
        assign = AssignForm(initial={"reviewer": revision.reviewer_id}) if can_decide else None
        if can_decide and request.method == "POST" and "assign" in request.POST:
            return self._assign(request, revision)
        if can_decide:
            form = ReviewForm(
                request.POST if request.method == "POST" else None,
                sections=[(section.key, section.title) for section in sections],
            )
            if form.is_bound and form.is_valid():
                return self._decide(request, revision, form)
        elif request.method == "POST":
            raise Http404
        previous = selectors.previous_review(revision)
        changed = sum(len(section.changed_rows) for section in sections)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Review: %(name)s") % {"name": revision.name},
            "subtitle": None,
            "opts": self.opts,
            "original": revision,
            "revision": revision,
            "tool": revision.tool,
            "sections": [
                (section, form[ReviewForm.comment_field(section.key)] if form else None)
                for section in sections
            ],
            "form": form,
            "assign_form": assign,
            "previous_review": previous,
            "changed_count": changed,
            "waiting": timesince(revision.submitted_at)
            if revision.state == ToolRevision.State.IN_REVIEW and revision.submitted_at
            else "",
            "decisions": self._decisions(revision, sections),
            "has_live": revision.kind == ToolRevision.Kind.CHANGE,
            "changelist_url": reverse("admin:questionnaires_toolrevision_changelist"),
            "tool_admin_url": reverse("admin:tools_catalog_tool_change", args=[revision.tool_id]),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.review_template, context)

    def _sections(self, revision: ToolRevision):
        live = None
        live_answers = {}
        if revision.kind == ToolRevision.Kind.CHANGE:
            live = technical.tool_snapshot(revision.tool)
            live_answers = selectors.revision_answers(selectors.live_revision(revision.tool))
        outline = selectors.question_set_outline(revision.question_set)
        answers = selectors.revision_answers(revision)
        sections = technical_comparison(live, revision.proposed) + ethics_comparison(
            outline, answers, live_answers
        )
        previous = selectors.previous_review(revision)
        if previous is None:
            return sections
        before = technical_comparison(
            previous.reviewed.get("technical") or {}, revision.proposed
        ) + ethics_comparison(outline, answers, selectors.reviewed_answers(previous, answers))
        return with_previous(sections, before)

    def _assign(self, request, revision: ToolRevision):
        if request.POST.get("assign") == "me":
            reviewer = request.user
        else:
            form = AssignForm(request.POST)
            if not form.is_valid():
                self.message_user(request, gettext("Pick a staff member."), messages.ERROR)
                return HttpResponseRedirect(request.path)
            reviewer = form.cleaned_data["reviewer"]
        try:
            services.revision_assign(
                revision=revision, reviewer=reviewer, by=request.user, request=request
            )
        except services.SubmissionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        if reviewer is None:
            message = gettext("Nobody is reviewing this submission now.")
        else:
            message = gettext("%(reviewer)s is reviewing this submission.") % {
                "reviewer": reviewer.get_short_name() or reviewer.email
            }
        self.log_change(request, revision, message)
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    @staticmethod
    def _decisions(revision: ToolRevision, sections) -> list:
        """The earlier decisions, each comment with the title of its section."""
        titles = {section.key: section.title for section in sections}
        decisions = list(revision.decisions.select_related("decided_by"))
        for decision in decisions:
            decision.comment_items = [
                (titles.get(key, key), text) for key, text in decision.comments.items()
            ]
        return decisions

    def _decide(self, request, revision: ToolRevision, form: ReviewForm):
        action = form.cleaned_data["action"]
        try:
            decision = services.revision_decide(
                revision=revision,
                action=action,
                by=request.user,
                message=form.cleaned_data["message"],
                comments=form.comments(),
                request=request,
            )
        except services.SubmissionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.log_change(request, revision, decision.get_action_display())
        self.message_user(
            request,
            gettext("%(decision)s: %(name)s. The provider's users were told by email.")
            % {"decision": decision.get_action_display(), "name": revision.name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:questionnaires_toolrevision_changelist"))


# The staff home counts the submissions waiting for a decision, oldest first as in the queue.
admin.site.queue_register(
    AdminQueue(
        title=_("Tool submissions to review"),
        model=ToolRevision,
        pending=lambda: ToolRevision.objects.filter(state=ToolRevision.State.IN_REVIEW),
        since="submitted_at",
        query={QueueFilter.parameter_name: ToolRevision.State.IN_REVIEW},
    )
)

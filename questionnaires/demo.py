"""Demo data of the provider portal: answers to version 1 of the ethics questionnaire for the demo
tools (called by ``python manage.py seed_demo`` after the catalogue's demo data). The question bank
itself is reference data (questionnaires/reference/), loaded first.

Idempotent: a tool gets its demo submission only if it has none; a second run writes nothing.

Every published (and suspended) demo tool gets a published submission whose answers officers read
beside it. The answers are invented for the demo from the tool's own details, in plain language;
their wording varies from tool to tool (chosen by the tool's slug, so every run gives the same text).
Draft tools get a draft with part of the answers, tools in review a complete submission in review.
"""

import hashlib
from datetime import timedelta

from tools_catalog.demo import demo_tool_slugs
from tools_catalog.models import Tool

from . import reference, selectors, technical
from .models import Answer, Question, QuestionSet, ToolRevision, all_languages

VERSION = 1

VISION = {"computer-vision", "face-analysis"}
TEXT = {"text-analysis-nlp"}
SPEECH = {"speech-audio-analysis"}
LLM = {"large-language-models"}
MODEL_TECHNOLOGIES = VISION | TEXT | SPEECH | LLM
RULE_TECHNOLOGIES = {"hashing", "network-analysis", "data-extraction"}


# Demo answers -------------------------------------------------------------------------------------


class Pick:
    """Deterministic choices for one tool: the same slug always gives the same wording."""

    def __init__(self, slug: str):
        self.seed = int(hashlib.sha256(slug.encode()).hexdigest(), 16)

    def __call__(self, options: list, salt: int = 0):
        return options[(self.seed >> (salt * 5)) % len(options)]

    def number(self, low: int, high: int, salt: int = 0) -> int:
        return low + (self.seed >> (salt * 7 + 3)) % (high - low + 1)


def _family(techs: set[str]) -> str:
    if techs & LLM:
        return "llm"
    if "face-analysis" in techs:
        return "face"
    if techs & VISION:
        return "vision"
    if techs & TEXT:
        return "text"
    if techs & SPEECH:
        return "speech"
    if "network-analysis" in techs:
        return "network"
    return "rules"


TRAINING_DATA = {
    "vision": "About {n},000 images and video frames labelled by specialists of a national victim-identification unit. The material never left the unit's secure system: the model was trained there, under a written agreement. Ordinary photographs (family pictures, sport, medical images) and adult material were added so that the model learns what not to flag.",
    "face": "Faces of about {n},000 adult volunteers who gave written consent, and two public research datasets whose licences allow this use. No images of child victims were used to train the face model; age estimation for minors was tuned on a small set supplied and kept by a partner agency.",
    "text": "About {n},000 conversations from closed cases, shared by partner agencies and helplines under written agreements after names, numbers and addresses were removed, plus conversations written by child-protection specialists to show known grooming patterns.",
    "speech": "About {n},000 hours of speech: public radio and television recordings, and recordings by volunteers who gave consent, in the languages the tool lists. No case recordings were used for training.",
    "llm": "An openly licensed language model, adapted with public court decisions, laws and about {n},000 synthetic case documents that our team wrote. No real case files were used for training.",
    "network": "The tool uses no trained model. It draws links from the records the agency imports (call records, payments, account lists) with rules described in the user manual.",
    "rules": "The tool uses no trained model. It compares files against hash lists that the agency supplies, and applies rules described in the user manual.",
}
LIMITATIONS = {
    "vision": "Less reliable on very small, dark or heavily edited images, on drawings and on computer-generated material. Scores are suggestions: a low score does not prove that a file is harmless.",
    "face": "Less accurate for children under ten, for faces seen from the side or partly covered, and for groups that are under-represented in the data. A match is a lead, never an identification.",
    "text": "Misses grooming in languages, slang or coded words it was not trained on; sarcasm and jokes between friends cause false alarms. It cannot read images or voice messages in a chat.",
    "speech": "Accuracy drops with background noise, several people speaking at once, and dialects that are not in the training data. Names and places are often misspelled.",
    "llm": "Can produce summaries that sound right but are wrong. Every answer cites the documents it used, and an investigator must check them before relying on any answer.",
    "network": "Only as complete as the records imported. Shared, lent or stolen phones and accounts create links between people who do not know each other.",
    "rules": "Finds only material already in the hash lists. A cryptographic hash misses a copy that was changed even slightly; perceptual hashes find more, but can match unrelated look-alike images.",
}
ROBUSTNESS = {
    "vision": "Files it cannot read are listed for manual review instead of being skipped. Heavily compressed or edited images get a lower confidence, shown to the user.",
    "face": "Faces that are too small or blurred are not compared at all and are listed as such, so that nobody mistakes a missing match for a negative result.",
    "text": "Messages in a language the model does not know are marked as not analysed rather than scored, so the user knows to read them.",
    "speech": "Passages it cannot transcribe reliably are marked [unclear] with their time codes, so a person can listen to them.",
    "llm": "When the documents do not contain an answer, the assistant says so; answers without a source are not shown.",
    "network": "Records with missing or malformed fields are reported at import; nothing is silently dropped.",
    "rules": "Damaged or unreadable files are listed in the report with their path, so they can be examined by hand.",
}
EXPLAINABILITY = {
    "vision": "partly",
    "face": "partly",
    "text": "always",
    "speech": "partly",
    "llm": "always",
    "network": "always",
    "rules": "not_applicable",
}
CHILDREN = [
    "We worked with a child-protection organisation from the start. Victims' images are blurred by default and shown only when needed; results can be shared only inside the case, and the tool never sends material outside the agency.",
    "Children whose data the tool may see by accident (for example family photos on a seized phone) are protected by deleting everything that is not evidence at the end of the case, as the agency decides. We followed UNICEF's guidance on AI for children when designing what the tool shows and keeps.",
    "The tool exists to find and protect child victims faster. We avoided features that could expose children further: no upload to outside services, no sharing of images between agencies without a legal basis, and logs that record who looked at what.",
    "A children's-rights adviser reviewed the design. The tool keeps as little as possible about children, and what it keeps stays with the agency; reports about victims use case numbers, not names.",
]
RISKS = {
    "vision": "Harmless images could be flagged and people wrongly suspected; the tool only ranks files for review and never decides. Material could leak; it stays on the agency's systems. The model could work less well for some groups; we test for this before each release.",
    "face": "A wrong match could lead to the wrong person. Results are leads for trained examiners only, never evidence on their own, and the tool shows how confident it is. Face data is highly sensitive; it stays with the agency and is deleted with the case.",
    "text": "Reading private conversations intrudes on privacy; the tool is meant only for material lawfully obtained in an investigation. False alarms could harm innocent people; every flag must be confirmed by a trained person, and the flagged words are shown so that the reasoning can be checked.",
    "speech": "Wrong transcripts or translations could mislead an investigation or a court; every transcript can be checked against the recording, and corrections are logged.",
    "llm": "The assistant could invent facts or miss important ones; it cites its sources and is not to be used for decisions about people. Case data could leak; the model runs on the agency's own server and keeps nothing after a session.",
    "network": "Links in the data are not proof of contact or guilt; the manual and the interface say so. Large data sets about many people could be misused; access is limited to named investigators and every search is logged.",
    "rules": "A match on an altered or wrongly listed file could point to the wrong file; matches are checked by a person before any step is taken. Hash lists are sensitive; they stay encrypted on the agency's equipment.",
}


def _answers_for(tool: Tool, pick: Pick) -> dict[str, tuple[object, str]]:
    """Plausible demo answers for the tool, from its own details: question key -> (value, explanation)."""
    techs = {item.slug for item in tool.technologies.all()}
    purposes = [item.name_en for item in tool.purposes.all()]
    purpose_slugs = {item.slug for item in tool.purposes.all()}
    deployment = {item.slug for item in tool.deployment_options.all()}
    family = _family(techs)
    uses_model = bool(techs & MODEL_TECHNOLOGIES)
    maturity = tool.maturity.slug if tool.maturity_id else ""
    n = pick.number(8, 240)
    org = tool.provider
    women = pick.number(2, 9, 1)
    men = pick.number(2, 9, 2)
    countries = pick.number(1, 6, 3)

    if uses_model and techs & RULE_TECHNOLOGIES:
        ai_kind = "both"
    else:
        ai_kind = "trained_model" if uses_model else "rules"

    if deployment <= {"on-premises", "offline-air-gapped", "mobile-field"}:
        location = "agency"
        personal = "The tool processes the material of the case: images, messages or records that may include personal data of victims, suspects and others. It runs only on the agency's equipment. Data is encrypted at rest, every user has a personal account, and the agency decides how long data is kept; deleting a case deletes its data."
        security = "It runs inside the agency's network and can run without any internet connection. Access needs individual accounts with strong passwords; every action is logged; installation packages are signed so that tampering is detected."
    elif deployment == {"cloud-service"}:
        location = "provider_cloud"
        personal = "The tool processes the files or records that the agency sends: they may include personal data of victims and suspects. Data is encrypted in transit and at rest, kept for 30 days after processing and then deleted. Only two named staff members can reach the servers, and every access is logged and reviewed each month."
        security = "Two-factor login for every user, encryption in transit and at rest, separate storage for each agency, and monitoring for unusual access. Our staff are vetted and can see data only when an agency asks for support."
    else:
        location = "mixed"
        personal = "Depending on the set-up the agency chooses, the material stays on the agency's own servers or is processed in our cloud service. In both cases data is encrypted, access is personal and logged, and the agency decides how long it is kept."
        security = "Encryption in transit and at rest, personal accounts with two-factor login, detailed logs, and separate storage for each agency. The on-premises version can run without internet access."

    gender = (
        pick(
            [
                (
                    "yes",
                    "We measured it: girls and boys are about equally represented in the labelled data, and so are women and men.",
                ),
                (
                    "no",
                    "Boys are under-represented (about one in four examples). We say so in the documentation and are collecting more balanced data with our partners.",
                ),
                (
                    "unknown",
                    "The labelled material does not record gender, so we cannot say. We plan to measure it in the next version.",
                ),
            ],
            4,
        )
        if uses_model
        else ("unknown", "Not applicable: the tool has no training data.")
    )
    groups = (
        pick(
            [
                (
                    "no",
                    "Most training examples come from Europe and North America; people with darker skin tones and some regions are under-represented. Results for them are less reliable, as our tests show.",
                ),
                (
                    "yes",
                    "We collected data in several regions with partners in Africa, Asia and Latin America, and checked the balance of ages, skin tones and languages before training.",
                ),
                (
                    "unknown",
                    "We know where the data came from but it does not record ethnicity or skin tone, so we cannot measure this yet.",
                ),
            ],
            5,
        )
        if uses_model
        else ("unknown", "Not applicable: the tool has no training data.")
    )
    equal = (
        pick(
            [
                (
                    "yes",
                    f"We compared results by gender, age group and skin tone on a test set of {n * 10} examples; the differences we found are listed in the documentation.",
                ),
                ("no", "Not yet. It is planned for the next release, with an independent partner."),
                (
                    "unknown",
                    "Only partly: we checked results by language, but not by gender or age.",
                ),
            ],
            6,
        )
        if uses_model
        else (
            "yes",
            "Matching does not depend on who appears in the material, so it works the same for everyone.",
        )
    )
    if family == "rules":
        accuracy = f"Cryptographic hash matching finds exact copies only, with no false matches in practice. In our tests on {n},000 files, perceptual matching found {pick.number(90, 99, 7)}% of altered copies, with about {pick.number(1, 9, 8)} false matches per 100,000 files."
    elif family == "network":
        accuracy = "The tool does not make predictions: it shows the links present in the imported records. We tested the import and linking on two closed cases, where it found every link the investigators had found by hand."
    else:
        recall, precision = pick.number(80, 97, 7), pick.number(70, 95, 8)
        accuracy = f"On a separate test set of {n * 10} items not used in training, the tool found {recall}% of the relevant items, and {precision}% of what it flagged was relevant. "
        accuracy += (
            "These figures come from research data only and have not yet been confirmed in real casework."
            if maturity == "research-prototype"
            else "Results in real cases vary with the material; partners report similar figures."
        )
    strengths = []
    if deployment & {"offline-air-gapped", "mobile-field"}:
        strengths.append("It works without an internet connection, also in the field.")
    if purposes:
        strengths.append(f"It is strongest at: {', '.join(purposes[:2]).lower()}.")
    if tool.analysis_languages:
        strengths.append(
            f"It analyses material in {len(tool.analysis_languages)} languages, including ones that other tools do not cover."
        )
    strengths.append(
        pick(
            [
                "It handles large volumes quickly on ordinary hardware.",
                "It is simple to learn: most users are productive after a day of training.",
                "It fits into existing workflows through standard import and export formats.",
            ],
            9,
        )
    )

    exposure = None
    if purpose_slugs & {
        "hash-matching",
        "new-material-classification",
        "device-triage",
        "similarity-deduplication",
        "investigator-wellbeing",
        "report-triage",
    }:
        exposure = (
            "yes",
            "Known, duplicate and unrelated files are set aside, so investigators look at far fewer images; previews are blurred until opened.",
        )
    elif family in ("text", "speech", "network", "llm"):
        exposure = (
            "yes",
            "The tool works mostly on text and records, so investigators see fewer images and videos.",
        )

    evaluated = tool.independently_evaluated
    answers = {
        "first_built_for": (
            tool.first_built_for or f"{org.name} built it for law-enforcement partners.",
            "",
        ),
        "intended_use": (
            f"To help investigators with: {', '.join(purposes).lower() or 'their casework'}. It supports trained officers and must not be used on its own to decide anything about a case or a person, nor for purposes other than protecting children and investigating crimes against them.",
            "",
        ),
        "ai_kind": (ai_kind, ""),
        "other_agencies": (tool.used_by_other_agencies, tool.used_by_details),
        "training_data": (TRAINING_DATA[family].format(n=n), ""),
        "data_lawful": (
            (
                "yes",
                "Under written agreements with the data holders, reviewed by our legal counsel before use.",
            )
            if uses_model
            else (
                "yes",
                "No training data is used; the agency's hash lists and records stay with the agency.",
            )
        ),
        "data_gender": gender,
        "data_groups": groups,
        "team_diversity": (
            f"The team has {women + men} people: {women} women and {men} men from {countries} {'country' if countries == 1 else 'countries'}. "
            + pick(
                [
                    "It includes engineers, a former investigator and a child-protection specialist.",
                    "Engineers work with an ethics adviser and with investigators from partner agencies.",
                    "Most are engineers; we consult a survivors' organisation and a data-protection lawyer for each release.",
                ],
                10,
            ),
            "",
        ),
        "team_expertise": (
            pick(
                [
                    ["child_protection", "law_enforcement", "data_science"],
                    ["law_enforcement", "law_privacy", "ethics_rights", "data_science"],
                    ["child_protection", "survivors", "wellbeing", "data_science"],
                    ["law_enforcement", "data_science"],
                ],
                11,
            ),
            "",
        ),
        "personal_data": (personal, ""),
        "data_location": (location, ""),
        "collects_user_data": (tool.collects_user_data, tool.user_data_details),
        "privacy_assessment": pick(
            [
                ("yes", "Carried out before the first release and updated once a year."),
                (
                    "no",
                    "Not yet; each agency carries out its own assessment before using the tool.",
                ),
                ("unknown", ""),
            ],
            12,
        ),
        "children_rights": (pick(CHILDREN, 13), ""),
        "child_guidance": (
            pick(
                [
                    ["crc", "unicef"],
                    ["crc", "unicef", "unesco"],
                    ["crc", "national_law"],
                    ["unicef", "toolkit", "national_law"],
                ],
                14,
            ),
            "",
        ),
        "accuracy": (accuracy, ""),
        "strengths": (" ".join(strengths), ""),
        "limitations": (LIMITATIONS[family], ""),
        "equal_performance": equal,
        "security_measures": (security, ""),
        "security_testing": (
            (
                "yes",
                "Penetration tested by an outside security firm before release; findings were fixed.",
            )
            if evaluated == "yes" or pick([True, False], 15)
            else (
                "no",
                "Not yet. We follow secure-development practices and fix reported problems quickly.",
            )
        ),
        "robustness": (ROBUSTNESS[family], ""),
        "updates": (
            pick(
                [
                    "Signed updates every three months, and security fixes within two weeks. Support is promised for at least five years.",
                    "Updates are delivered on a USB drive or through the agency's update server; security fixes are sent as soon as they are ready.",
                    "New versions are published in our code repository; agencies choose when to install them.",
                ],
                16,
            ),
            "",
        ),
        "human_review": (
            "yes",
            "The tool only suggests. A trained person confirms every result before it is used, and the interface asks for that confirmation before anything is exported.",
        ),
        "explainability": (EXPLAINABILITY[family], ""),
        "documentation": (f"{(tool.website or org.website).rstrip('/')}/docs", ""),
        "risks": (RISKS[family], ""),
        "independent_check": (
            evaluated,
            "An independent evaluation was published; see the link." if evaluated == "yes" else "",
        ),
        "evaluation_link": (tool.evaluation_url, ""),
        "redress": (
            pick(
                [
                    "Users report a wrong result with the “report a problem” button or by email to our support desk. We answer within two working days and correct it in the next update.",
                    "Errors are reported through the agency's contact person to our support team; each report is investigated, and the fix and its cause are written up in the release notes.",
                ],
                17,
            ),
            "",
        ),
        "societal_impact": (
            pick(
                [
                    "Used well, it helps protect children sooner. Misused, it could erode trust in the police, which is why we sell or give it only to vetted law-enforcement bodies. Its energy use is small.",
                    "Training the model used a few days of computing power; running it needs ordinary computers. We see the main wider risk in use beyond child protection, which our licence forbids.",
                    "",
                ],
                18,
            ),
            "",
        ),
    }
    if exposure:
        answers["exposure"] = exposure
    return answers


def _write_answers(
    revision: ToolRevision, answers: dict, *, sections: list[str] | None = None
) -> int:
    """Write the answers (all sections, or the ``sections`` given) with the questions as asked."""
    # The same copy of the question as a provider's own save makes.
    from .services.revisions import question_asked

    outline = selectors.question_set_outline(revision.question_set)
    rows = []
    for index, section in enumerate(outline.sections):
        if sections is not None and section.key not in sections:
            continue
        title = all_languages(section, "title")
        for question in section.question_list:
            value, explanation = answers.get(question.key, ("", ""))
            if question.technical_field:
                # Asked once, in the technical questionnaire: the same answer as given there.
                shared = technical.shared_answer(question.technical_field, revision.proposed)
                if technical.is_filled(shared[0]):
                    value, explanation = shared
            if not technical.is_filled(value) and not explanation:
                continue
            rows.append(
                Answer(
                    revision=revision,
                    question=question,
                    section_key=section.key,
                    section_position=index,
                    question_key=question.key,
                    question_position=outline.numbers[question.pk],
                    kind=question.kind,
                    asked=question_asked(question, title),
                    value=value,
                    explanation=explanation or "",
                )
            )
    Answer.objects.bulk_create(rows)
    return len(rows)


# The draft tools whose demo draft stops half-way, to show the completeness meter.
HALF_DONE_SECTIONS = ["origin", "data", "team", "privacy"]


def seed_answers(question_set: QuestionSet) -> int:
    tools = (
        Tool.objects.filter(slug__in=demo_tool_slugs(), revisions__isnull=True)
        .select_related("provider", "maturity")
        .prefetch_related("training_links", *technical.TAXONOMY_FIELDS)
    )
    created = 0
    for tool in tools:
        pick = Pick(tool.slug)
        answers = _answers_for(tool, pick)
        answered_at = tool.published_at or tool.created_at
        if tool.status in (Tool.Status.PUBLISHED, Tool.Status.SUSPENDED, Tool.Status.REMOVED):
            revision = ToolRevision.objects.create(
                tool=tool,
                number=1,
                kind=ToolRevision.Kind.NEW,
                state=ToolRevision.State.PUBLISHED,
                proposed=technical.tool_snapshot(tool),
                question_set=question_set,
                is_live=True,
                created_at=answered_at - timedelta(days=14),
                submitted_at=answered_at - timedelta(days=7),
                decided_at=answered_at,
            )
            _write_answers(revision, answers)
        elif tool.status == Tool.Status.IN_REVIEW:
            revision = ToolRevision.objects.create(
                tool=tool,
                number=1,
                kind=ToolRevision.Kind.NEW,
                state=ToolRevision.State.IN_REVIEW,
                proposed=technical.tool_snapshot(tool),
                question_set=question_set,
                created_at=answered_at,
                submitted_at=answered_at + timedelta(days=2),
            )
            _write_answers(revision, answers)
        else:
            revision = ToolRevision.objects.create(
                tool=tool,
                number=1,
                kind=ToolRevision.Kind.NEW,
                proposed=technical.tool_snapshot(tool),
                question_set=question_set,
                created_at=answered_at,
            )
            _write_answers(revision, answers, sections=HALF_DONE_SECTIONS)
        created += 1
    return created


def seed(*, stdout) -> None:
    reference.question_sets_load()
    question_set = QuestionSet.objects.get(version=VERSION)
    questions = Question.objects.filter(section__question_set=question_set).count()
    stdout.write(f"  ethics questionnaire v{question_set.version}: {questions} questions")
    submissions = seed_answers(question_set)
    live = ToolRevision.objects.filter(is_live=True).count()
    stdout.write(f"  provider submissions: {submissions} created; {live} tools show ethics answers")

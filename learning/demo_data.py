"""The learning centre's demo content, in plain language, from the Ethical and Legal Report (seed 001,
part IV §1, §2 and §6) and the Global Hub fact sheet (seed 004).

Texts are keyed by language field ("en", "fr", "es", "ar", "ru", "zh_hans"); a language left out
falls back to English on the site, with a visible marker. Links to external guidelines are real
public pages; nothing is fetched. Catalogue tools are referred to by slug (tools_catalog.demo), topics
by slug (learning/reference/topics.json).
"""

# Resources ------------------------------------------------------------------------------------------


def resource(slug, kind, level, topics, *, minutes, languages, title, summary, body=None, url="",
             tool="", video=None, transcript=None):  # fmt: skip
    return {
        "slug": slug,
        "kind": kind,
        "level": level,
        "topics": topics,
        "minutes": minutes,
        "languages": languages,
        "title": title,
        "summary": summary,
        "body": body or {},
        "url": url,
        "tool": tool,
        "video": video,
        "transcript": transcript or {},
    }


# The demo video: made once with ffmpeg and kept in learning/demo_media/ (see learning.demo).
DEMO_VIDEO = {
    "file": "what-is-ai.webm",
    "captions": {"en": "what-is-ai.en.vtt", "fr": "what-is-ai.fr.vtt", "es": "what-is-ai.es.vtt",
                 "ar": "what-is-ai.ar.vtt"},
}  # fmt: skip

RESOURCES = [
    resource(
        "what-is-ai", "explainer", "beginner", ["ai-basics"], minutes=10, languages=["en", "fr", "es", "ar"],
        title={
            "en": "What is AI? A plain-language introduction for investigators",
            "fr": "Qu’est-ce que l’IA ? Une introduction en langage simple pour les enquêteurs",
            "es": "¿Qué es la IA? Una introducción en lenguaje sencillo para investigadores",
            "ar": "ما هو الذكاء الاصطناعي؟ مقدمة بلغة بسيطة للمحققين",
        },
        summary={
            "en": "What artificial intelligence is, how it learns from examples, and why a person must always check its results.",
            "fr": "Ce qu’est l’intelligence artificielle, comment elle apprend à partir d’exemples, et pourquoi une personne doit toujours vérifier ses résultats.",
            "es": "Qué es la inteligencia artificial, cómo aprende a partir de ejemplos y por qué una persona siempre debe comprobar sus resultados.",
            "ar": "ما هو الذكاء الاصطناعي، وكيف يتعلم من الأمثلة، ولماذا يجب أن يتحقق إنسان دائماً من نتائجه.",
        },
        body={
            "en": (
                "<p>Artificial intelligence (AI) is software that does tasks which used to need human judgement, such as recognising what is in a picture or understanding a sentence. Most AI tools used in investigations are built with machine learning: instead of following rules written by a programmer, the software learns patterns from many examples, called training data.</p>"
                "<h2>What AI tools do in child-protection work</h2>"
                "<ul><li>Sort thousands of images and videos from a seized device, so that investigators see the most relevant ones first (triage).</li>"
                "<li>Find known material quickly by comparing files with lists of known files (hash matching).</li>"
                "<li>Flag chat conversations that look like grooming or sextortion.</li>"
                "<li>Transcribe and translate recordings.</li></ul>"
                "<h2>What AI cannot do</h2>"
                "<p>An AI tool does not understand a case. It gives a result with a certain chance of being wrong: it can miss something important (a false negative) or flag something harmless (a false positive). It can also work less well for people who were rare in its training data. That is why a person must always check the results and make every decision.</p>"
                "<p>The Global Hub lists tools as information. Listing is not an assessment or an endorsement: the rest of this learning centre helps you ask the right questions.</p>"
            ),
            "fr": (
                "<p>L’intelligence artificielle (IA) est un logiciel qui accomplit des tâches qui demandaient auparavant un jugement humain, comme reconnaître le contenu d’une image ou comprendre une phrase. La plupart des outils d’IA utilisés dans les enquêtes reposent sur l’apprentissage automatique : au lieu de suivre des règles écrites par un programmeur, le logiciel apprend des régularités à partir de nombreux exemples, appelés données d’entraînement.</p>"
                "<h2>Ce que font les outils d’IA dans la protection de l’enfance</h2>"
                "<ul><li>Trier des milliers d’images et de vidéos d’un appareil saisi, pour que les enquêteurs voient d’abord les plus pertinentes.</li>"
                "<li>Retrouver rapidement des contenus connus en comparant les fichiers à des listes de fichiers connus.</li>"
                "<li>Signaler les conversations qui ressemblent à de la sollicitation ou à de la sextorsion.</li>"
                "<li>Transcrire et traduire des enregistrements.</li></ul>"
                "<h2>Ce que l’IA ne peut pas faire</h2>"
                "<p>Un outil d’IA ne comprend pas une affaire. Il donne un résultat qui peut être faux : il peut manquer quelque chose d’important (un faux négatif) ou signaler quelque chose d’anodin (un faux positif). Il peut aussi moins bien fonctionner pour des personnes rares dans ses données d’entraînement. C’est pourquoi une personne doit toujours vérifier les résultats et prendre chaque décision.</p>"
                "<p>Le Global Hub présente les outils à titre d’information. Figurer dans la liste n’est ni une évaluation ni une approbation : le reste de ce centre d’apprentissage vous aide à poser les bonnes questions.</p>"
            ),
            "es": (
                "<p>La inteligencia artificial (IA) es un software que realiza tareas que antes requerían el juicio humano, como reconocer lo que hay en una imagen o entender una frase. La mayoría de las herramientas de IA que se usan en las investigaciones se basan en el aprendizaje automático: en lugar de seguir reglas escritas por un programador, el software aprende patrones a partir de muchos ejemplos, llamados datos de entrenamiento.</p>"
                "<h2>Qué hacen las herramientas de IA en la protección de la infancia</h2>"
                "<ul><li>Ordenar miles de imágenes y vídeos de un dispositivo incautado, para que los investigadores vean primero los más relevantes.</li>"
                "<li>Encontrar rápidamente material conocido comparando los archivos con listas de archivos conocidos.</li>"
                "<li>Señalar conversaciones que parecen captación (grooming) o sextorsión.</li>"
                "<li>Transcribir y traducir grabaciones.</li></ul>"
                "<h2>Lo que la IA no puede hacer</h2>"
                "<p>Una herramienta de IA no entiende un caso. Da un resultado que puede ser erróneo: puede pasar por alto algo importante (un falso negativo) o señalar algo inofensivo (un falso positivo). También puede funcionar peor con personas poco representadas en sus datos de entrenamiento. Por eso una persona siempre debe comprobar los resultados y tomar cada decisión.</p>"
                "<p>El Global Hub presenta las herramientas como información. Figurar en la lista no es una evaluación ni un respaldo: el resto de este centro de aprendizaje le ayuda a hacer las preguntas adecuadas.</p>"
            ),
            "ar": (
                "<p>الذكاء الاصطناعي برمجيات تؤدي مهاماً كانت تتطلب في السابق حكماً بشرياً، مثل التعرف على محتوى صورة أو فهم جملة. وتعتمد معظم أدوات الذكاء الاصطناعي المستخدمة في التحقيقات على التعلم الآلي: فبدلاً من اتباع قواعد يكتبها مبرمج، تتعلم البرمجيات الأنماط من أمثلة كثيرة تسمى بيانات التدريب.</p>"
                "<h2>ما الذي تفعله أدوات الذكاء الاصطناعي في حماية الأطفال</h2>"
                "<ul><li>فرز آلاف الصور ومقاطع الفيديو من جهاز مضبوط، حتى يرى المحققون الأهم أولاً.</li>"
                "<li>العثور بسرعة على المواد المعروفة بمقارنة الملفات بقوائم الملفات المعروفة.</li>"
                "<li>الإشارة إلى المحادثات التي تبدو استدراجاً أو ابتزازاً جنسياً.</li>"
                "<li>تفريغ التسجيلات الصوتية نصياً وترجمتها.</li></ul>"
                "<h2>ما لا يستطيع الذكاء الاصطناعي فعله</h2>"
                "<p>أداة الذكاء الاصطناعي لا تفهم القضية. إنها تعطي نتيجة قد تكون خاطئة: فقد تفوّت شيئاً مهماً أو تشير إلى شيء غير ضار. وقد تعمل أيضاً بشكل أقل جودة مع الأشخاص الذين كانوا نادرين في بيانات التدريب. لهذا يجب أن يتحقق إنسان دائماً من النتائج وأن يتخذ كل قرار.</p>"
                "<p>يعرض Global Hub الأدوات على سبيل المعلومات. ووجود أداة في القائمة ليس تقييماً ولا تأييداً: وبقية مركز التعلم هذا تساعدك على طرح الأسئلة الصحيحة.</p>"
            ),
        },
    ),
    resource(
        "video-what-is-ai", "video", "beginner", ["ai-basics"], minutes=1, languages=["en", "fr", "es", "ar"],
        title={
            "en": "AI in under a minute",
            "fr": "L’IA en moins d’une minute",
            "es": "La IA en menos de un minuto",
            "ar": "الذكاء الاصطناعي في أقل من دقيقة",
        },
        summary={
            "en": "A very short video: AI finds patterns in data and can suggest where to look first, but people make every decision. With captions in four languages.",
            "fr": "Une très courte vidéo : l’IA repère des régularités dans les données et peut indiquer où regarder en premier, mais ce sont les personnes qui décident. Sous-titrée en quatre langues.",
            "es": "Un vídeo muy corto: la IA encuentra patrones en los datos y puede sugerir por dónde empezar, pero las personas toman cada decisión. Con subtítulos en cuatro idiomas.",
            "ar": "فيديو قصير جداً: يكتشف الذكاء الاصطناعي الأنماط في البيانات ويمكنه أن يقترح من أين تبدأ، لكن البشر يتخذون كل قرار. مع ترجمة مكتوبة بأربع لغات.",
        },
        body={"en": "<p>Watch the video with captions on, or read the transcript below. It is a first step before the explainer <a href=\"/learn/resources/what-is-ai/\">What is AI?</a></p>"},
        video=DEMO_VIDEO,
        transcript={
            "en": "<p>What is artificial intelligence? A short introduction for investigators.</p><p>AI finds patterns in large amounts of data, such as images or chat messages.</p><p>It can suggest where to look first. People make every decision.</p>",
            "fr": "<p>Qu’est-ce que l’intelligence artificielle ? Une courte introduction pour les enquêteurs.</p><p>L’IA repère des régularités dans de grandes quantités de données, comme des images ou des messages de discussion.</p><p>Elle peut indiquer où regarder en premier. Ce sont les personnes qui prennent chaque décision.</p>",
            "es": "<p>¿Qué es la inteligencia artificial? Una breve introducción para investigadores.</p><p>La IA encuentra patrones en grandes cantidades de datos, como imágenes o mensajes de chat.</p><p>Puede sugerir por dónde empezar a buscar. Las personas toman cada decisión.</p>",
            "ar": "<p>ما هو الذكاء الاصطناعي؟ مقدمة قصيرة للمحققين.</p><p>يكتشف الذكاء الاصطناعي الأنماط في كميات كبيرة من البيانات، مثل الصور أو رسائل الدردشة.</p><p>يمكنه أن يقترح من أين تبدأ البحث. البشر هم من يتخذون كل قرار.</p>",
        },
    ),
    resource(
        "what-ai-can-and-cannot-do", "explainer", "beginner", ["ai-basics", "responsible-ai"], minutes=8, languages=["en"],
        title={
            "en": "What AI can and cannot do in an investigation",
            "fr": "Ce que l’IA peut et ne peut pas faire dans une enquête",
            "es": "Lo que la IA puede y no puede hacer en una investigación",
            "ar": "ما يستطيع الذكاء الاصطناعي فعله وما لا يستطيعه في التحقيق",
        },
        summary={
            "en": "Realistic expectations: AI saves time on large volumes of material, but it makes mistakes and never replaces an investigator’s judgement.",
            "fr": "Des attentes réalistes : l’IA fait gagner du temps sur de grands volumes, mais elle se trompe et ne remplace jamais le jugement de l’enquêteur.",
            "es": "Expectativas realistas: la IA ahorra tiempo con grandes volúmenes de material, pero se equivoca y nunca sustituye el criterio del investigador.",
            "ar": "توقعات واقعية: يوفّر الذكاء الاصطناعي الوقت مع الكميات الكبيرة من المواد، لكنه يخطئ ولا يحل أبداً محل تقدير المحقق.",
        },
        body={"en": (
            "<p>AI is good at one narrow task done many times: looking at a million images, reading thousands of chat messages, listening to hours of audio. It is fast and does not get tired. That is why it helps with the growing number of reports and seized devices.</p>"
            "<h2>Where AI helps</h2><ul><li>Putting the most urgent material first, so that children in danger can be found sooner.</li><li>Reducing how much harmful material a person has to look at.</li><li>Finding links between cases, accounts and devices.</li></ul>"
            "<h2>Where AI falls short</h2><ul><li>It only knows what was in its training data. A tool trained on one language or region may do badly on another.</li><li>It gives scores, not facts. A high score is a reason to look, not proof.</li><li>It cannot weigh the context of a case, the law or the rights of the people involved.</li></ul>"
            "<p>Good practice: use AI to decide where to look, and people to decide what it means. Keep a human in the loop for every decision that affects a person.</p>"
        )},
    ),
    resource(
        "how-classifiers-learn", "explainer", "intermediate", ["ai-basics"], minutes=15, languages=["en"],
        title={"en": "How image classifiers learn, and why they make mistakes"},
        summary={"en": "Training data, scores and thresholds explained with examples from image triage, so you can read a tool’s results with the right caution."},
        body={"en": (
            "<p>A classifier is an AI model that puts things into groups, for example “probably abuse material” and “probably not”. It learns from training data: many examples that people have already labelled. The tool is then checked on separate test data it has never seen, to estimate how often it is right.</p>"
            "<h2>Scores and thresholds</h2><p>For each file the classifier gives a confidence score, say from 0 to 100. The tool, or you, choose a threshold: files above it are flagged. A low threshold flags more files and misses fewer (fewer false negatives) but flags more harmless files (more false positives). A high threshold does the opposite. There is no setting without errors: choose it for the task.</p>"
            "<h2>Why mistakes happen</h2><ul><li>The training data did not contain enough examples like yours (other skin tones, ages, settings, image quality).</li><li>The material has changed: new apps, new formats, AI-generated images.</li><li>The labels in the training data were wrong or inconsistent.</li></ul>"
            "<p>Ask the provider what the tool was trained and tested on, and test it on a sample of your own material before relying on it.</p>"
        )},
    ),
    resource(
        "reading-accuracy-claims", "tutorial", "intermediate", ["ai-basics", "responsible-ai"], minutes=25, languages=["en"],
        title={"en": "Reading a provider’s accuracy figures"},
        summary={"en": "A step-by-step exercise: what “99% accurate” can hide, and the questions to ask about precision, recall and test data."},
        body={"en": (
            "<p>Providers often describe a tool with one number, such as “99% accurate”. This tutorial shows what to ask before trusting such a figure.</p>"
            "<h2>Step 1: ask what was counted</h2><p>Accuracy is the share of all decisions that were right. If only 1 file in 1,000 is relevant, a tool that flags nothing is 99.9% accurate and useless. Ask for precision (of the files flagged, how many were relevant) and recall (of the relevant files, how many were flagged).</p>"
            "<h2>Step 2: ask what it was tested on</h2><p>Was the test data separate from the training data? Did it look like your cases: the same languages, regions, devices and kinds of material? Was the test done by the provider or independently evaluated?</p>"
            "<h2>Step 3: ask about groups</h2><p>Are results the same for girls and boys, for younger and older children, for different skin tones and languages? If the provider does not know, plan your own test (see the tutorial on testing for bias).</p>"
            "<h2>Step 4: try it yourself</h2><p>Take a small labelled sample of your own material and count the false positives and false negatives at the threshold you would use.</p>"
        )},
    ),
    resource(
        "human-in-the-loop", "explainer", "beginner", ["responsible-ai"], minutes=8, languages=["en"],
        title={
            "en": "Keeping a person in charge: human review of AI results",
            "fr": "Garder une personne aux commandes : la vérification humaine des résultats de l’IA",
            "es": "Mantener a una persona al mando: la revisión humana de los resultados de la IA",
            "ar": "إبقاء الإنسان في موقع القرار: المراجعة البشرية لنتائج الذكاء الاصطناعي",
        },
        summary={
            "en": "Why every AI result needs a person to check it before anything is done, and how to organise that review in your unit.",
            "fr": "Pourquoi chaque résultat d’IA doit être vérifié par une personne avant toute action, et comment organiser cette vérification dans votre unité.",
            "es": "Por qué cada resultado de la IA necesita que una persona lo compruebe antes de actuar, y cómo organizar esa revisión en su unidad.",
            "ar": "لماذا تحتاج كل نتيجة من نتائج الذكاء الاصطناعي إلى إنسان يتحقق منها قبل اتخاذ أي إجراء، وكيف تنظّم هذه المراجعة في وحدتك.",
        },
        body={"en": (
            "<p>Human in the loop means that a trained person checks what the tool suggests and takes the decision. The tool can point to a file, a chat or a face; only a person decides whether it matters for the case, and what to do next.</p>"
            "<h2>How to organise the review</h2><ol><li>Write down which decisions a person must always take (for example: opening a case, identifying a person, an arrest).</li><li>Make sure reviewers can see why the tool flagged something.</li><li>Record who checked each result and what they decided.</li><li>Watch for “automation bias”: the habit of trusting the machine too much. Check a sample of results the tool did not flag, too.</li></ol>"
            "<p>Courts may ask how a result was obtained. A clear record of human review helps you explain it.</p>"
        )},
    ),
    resource(
        "responsible-ai-principles", "explainer", "beginner", ["responsible-ai", "human-rights"], minutes=12, languages=["en"],
        title={
            "en": "Responsible AI in law enforcement: the core principles",
            "fr": "L’IA responsable dans les services répressifs : les principes essentiels",
            "es": "IA responsable en la aplicación de la ley: los principios básicos",
            "ar": "الذكاء الاصطناعي المسؤول في إنفاذ القانون: المبادئ الأساسية",
        },
        summary={
            "en": "Lawfulness, minimising harm, human autonomy, fairness and good governance: what each principle means in daily police work.",
            "fr": "Légalité, réduction des préjudices, autonomie humaine, équité et bonne gouvernance : ce que chaque principe signifie dans le travail policier quotidien.",
            "es": "Legalidad, reducción del daño, autonomía humana, equidad y buena gobernanza: qué significa cada principio en el trabajo policial diario.",
            "ar": "المشروعية والحد من الضرر والاستقلالية البشرية والإنصاف والحوكمة الرشيدة: ما يعنيه كل مبدأ في العمل الشرطي اليومي.",
        },
        body={"en": (
            "<p>The Global Hub was built on the values of the UN Charter and the Universal Declaration of Human Rights. For police using AI, international guidance comes down to a few principles.</p>"
            "<ul><li><strong>Lawfulness:</strong> use a tool only where your law allows it, for a clear purpose.</li><li><strong>Minimise harm:</strong> think about what could go wrong for victims, suspects and bystanders, and prevent it.</li><li><strong>Human autonomy:</strong> people take decisions; the tool supports them.</li><li><strong>Fairness:</strong> check that the tool works equally well for everyone, and correct bias.</li><li><strong>Good governance:</strong> keep records, be able to explain results, and review the tool regularly.</li></ul>"
            "<p>The INTERPOL–UNICRI Toolkit for Responsible AI Innovation in Law Enforcement turns these principles into practical steps. Its link is in this learning centre.</p>"
        )},
    ),
    resource(
        "human-rights-and-ai", "explainer", "intermediate", ["human-rights", "responsible-ai"], minutes=15, languages=["en"],
        title={"en": "Human rights when police use AI"},
        summary={"en": "Privacy, non-discrimination, freedom of expression and a fair trial: the rights AI tools can affect, and simple ways to protect them."},
        body={"en": (
            "<p>AI tools process information about many people, not only suspects. Human rights law applies to every step: collecting data, analysing it and acting on the results.</p>"
            "<ul><li><strong>Privacy:</strong> collect and analyse only what is necessary for the investigation, for as long as needed.</li><li><strong>Non-discrimination:</strong> a biased tool can wrongly target or overlook groups of people. Test it.</li><li><strong>Fair trial:</strong> the defence may question how evidence was found. Keep records of how the tool was used and checked.</li><li><strong>Freedom of expression:</strong> tools that monitor online spaces must be targeted, lawful and proportionate.</li></ul>"
            "<p>A simple test for any use: is it lawful, is it necessary for a legitimate aim, and is it proportionate to that aim?</p>"
        )},
    ),
    resource(
        "childrens-rights-and-ai", "explainer", "beginner", ["human-rights", "data-protection"], minutes=12, languages=["en"],
        title={
            "en": "Children’s rights and AI: what the Convention on the Rights of the Child means for your work",
            "fr": "Droits de l’enfant et IA : ce que la Convention relative aux droits de l’enfant signifie pour votre travail",
            "es": "Derechos del niño e IA: qué significa la Convención sobre los Derechos del Niño para su trabajo",
            "ar": "حقوق الطفل والذكاء الاصطناعي: ما تعنيه اتفاقية حقوق الطفل لعملك",
        },
        summary={
            "en": "The best interests of the child, privacy and protection from harm: how they apply to victims and to other children who appear in the material.",
            "fr": "L’intérêt supérieur de l’enfant, la vie privée et la protection contre les préjudices : comment ils s’appliquent aux victimes et aux autres enfants présents dans les contenus.",
            "es": "El interés superior del niño, la privacidad y la protección frente al daño: cómo se aplican a las víctimas y a otros niños que aparecen en el material.",
            "ar": "مصالح الطفل الفضلى والخصوصية والحماية من الأذى: كيف تنطبق على الضحايا وعلى الأطفال الآخرين الذين يظهرون في المواد.",
        },
        body={"en": (
            "<p>The 1989 Convention on the Rights of the Child protects every child. When AI tools process images, chats or voices of children, their rights must guide how the tool is chosen and used.</p>"
            "<ul><li><strong>Best interests of the child:</strong> the aim is to protect children. A tool that finds victims faster serves that aim; a careless one can harm them again.</li><li><strong>Privacy:</strong> images of a victim are their most sensitive personal data. Limit who sees them, store them securely, and never use them for anything else.</li><li><strong>Other children:</strong> material often shows children who are not victims of the offence. Their data deserves the same care.</li><li><strong>Being heard:</strong> where children take part in proceedings, explain in a way they understand how technology was used.</li></ul>"
            "<p>UNICEF’s Policy guidance on AI for children explains these requirements in more detail. Its link is in this learning centre.</p>"
        )},
    ),
    resource(
        "data-protection-basics", "explainer", "beginner", ["data-protection"], minutes=12, languages=["en"],
        title={
            "en": "Data protection basics for AI tools",
            "fr": "Les bases de la protection des données pour les outils d’IA",
            "es": "Conceptos básicos de protección de datos para herramientas de IA",
            "ar": "أساسيات حماية البيانات لأدوات الذكاء الاصطناعي",
        },
        summary={
            "en": "Purpose, necessity, security and retention: five questions to ask before any AI tool touches personal data.",
            "fr": "Finalité, nécessité, sécurité et conservation : cinq questions à poser avant qu’un outil d’IA ne traite des données personnelles.",
            "es": "Finalidad, necesidad, seguridad y conservación: cinco preguntas antes de que una herramienta de IA trate datos personales.",
            "ar": "الغرض والضرورة والأمن ومدة الاحتفاظ: خمسة أسئلة تُطرح قبل أن تعالج أي أداة ذكاء اصطناعي بيانات شخصية.",
        },
        body={"en": (
            "<p>Personal data is any information about a person who can be identified: a face, a voice, a username, a phone number. Investigations of child sexual abuse handle some of the most sensitive personal data there is.</p>"
            "<ol><li><strong>Purpose:</strong> what exactly will the tool be used for? Write it down.</li><li><strong>Necessity:</strong> do you need all this data, or would less do?</li><li><strong>Location:</strong> where does the data go? Does the tool send anything to the provider or to a cloud service?</li><li><strong>Security:</strong> who can access the data and the results, and is access logged?</li><li><strong>Retention:</strong> how long is the data kept, and how is it deleted?</li></ol>"
            "<p>For a new tool, a data protection impact assessment (DPIA) answers these questions in writing. See the how-to guide in this learning centre.</p>"
        )},
    ),
    resource(
        "dpia-how-to", "how_to", "intermediate", ["data-protection", "choosing-tools"], minutes=30, languages=["en"],
        title={"en": "How to carry out a data protection impact assessment for an AI tool"},
        summary={"en": "A practical guide: describe the processing, assess necessity and risks, and decide on safeguards, with your data protection officer."},
        body={"en": (
            "<p>A data protection impact assessment (DPIA) is a written check of the risks a new way of processing personal data creates, and of how you will reduce them. Many laws require one for new technology that processes sensitive data; even where yours does not, it is good practice.</p>"
            "<ol><li><strong>Describe the processing:</strong> what data, from where, processed by which tool, where it is stored, who sees the results.</li><li><strong>Check necessity and proportionality:</strong> why this tool, why this data, and could you do it with less?</li><li><strong>List the risks</strong> for victims, other children, suspects and bystanders: wrong identification, data leaks, bias, use for other purposes.</li><li><strong>Decide on safeguards:</strong> human review, access control, logging, encryption, retention limits, contract terms with the provider.</li><li><strong>Record the decision</strong> and who took it, and set a date to review it.</li></ol>"
            "<p>Work with your data protection officer or legal adviser: they know the rules that apply in your country. This guide does not replace legal advice.</p>"
        )},
    ),
    resource(
        "gender-bias-in-ai", "explainer", "beginner", ["gender-bias", "responsible-ai"], minutes=10, languages=["en"],
        title={
            "en": "Gender bias in AI tools: where it comes from and what it does",
            "fr": "Les biais de genre dans les outils d’IA : d’où ils viennent et leurs effets",
            "es": "El sesgo de género en las herramientas de IA: de dónde viene y qué provoca",
            "ar": "التحيز الجنساني في أدوات الذكاء الاصطناعي: مصدره وآثاره",
        },
        summary={
            "en": "When women and girls are under-represented in training data, tools can miss them. How this happens, why it matters, and what to ask.",
            "fr": "Quand les femmes et les filles sont sous-représentées dans les données d’entraînement, les outils peuvent les manquer. Comment cela arrive, pourquoi c’est important, et quoi demander.",
            "es": "Cuando las mujeres y las niñas están poco representadas en los datos de entrenamiento, las herramientas pueden pasarlas por alto. Cómo ocurre, por qué importa y qué preguntar.",
            "ar": "عندما تكون النساء والفتيات ممثلات تمثيلاً ناقصاً في بيانات التدريب، قد تُغفلهن الأدوات. كيف يحدث ذلك، ولماذا يهم، وما الذي يجب السؤال عنه.",
        },
        body={"en": (
            "<p>An AI tool learns from its training data. If women and girls, or some ages, skin tones or languages, are rare in that data, the tool can work less well for them. This is called bias. In child-protection work, it can mean that some victims are found later, or not at all.</p>"
            "<h2>Where bias comes from</h2><ul><li>Training data collected in a few countries, or from a few sources.</li><li>Labels given by people with their own assumptions.</li><li>Development teams that do not include the perspectives of the people affected.</li></ul>"
            "<h2>What you can do</h2><ul><li>Ask providers whether their training data represents different genders, ages and regions, and whether their team is diverse.</li><li>Test the tool on your own data and compare results between groups.</li><li>Keep a human in the loop and report problems to the provider and to the hub.</li></ul>"
            "<p>The Ethical and Legal Report behind the Global Hub asks for exactly this awareness, because the digital divide already leaves women and girls furthest behind.</p>"
        )},
    ),
    resource(
        "testing-for-bias", "tutorial", "advanced", ["gender-bias", "responsible-ai"], minutes=45, languages=["en"],
        title={"en": "Testing a tool for bias on your own data"},
        summary={"en": "Build a small labelled test set, compare error rates between groups, and decide what differences are acceptable."},
        body={"en": (
            "<p>This tutorial is for the person who evaluates a tool during a pilot. You need a labelled sample of material (for which you know the right answer) and permission to use it for testing.</p>"
            "<ol><li><strong>Choose the groups</strong> to compare: for example girls and boys, age bands, skin tones, languages of chats.</li><li><strong>Build the test set:</strong> enough examples in each group (at least several dozen), similar to your real cases.</li><li><strong>Run the tool</strong> at the threshold you intend to use and record each result.</li><li><strong>Count per group</strong> the false negatives (missed) and false positives (wrongly flagged). Compare recall between groups.</li><li><strong>Decide:</strong> a clear gap means the tool needs another setting, more human review for some groups, or another tool. Tell the provider what you found.</li></ol>"
            "<p>Keep the test set for later: run it again after every new version of the tool.</p>"
        )},
    ),
    resource(
        "wellbeing-when-reviewing", "explainer", "beginner", ["wellbeing"], minutes=10, languages=["en"],
        title={
            "en": "Looking after yourself when reviewing abuse material",
            "fr": "Prendre soin de soi lors de l’examen de contenus d’abus",
            "es": "Cuidarse al revisar material de abuso",
            "ar": "الاعتناء بنفسك أثناء مراجعة مواد الاعتداء",
        },
        summary={
            "en": "Signs of stress to watch for, habits that help, and why asking for support is part of doing the job well.",
            "fr": "Les signes de stress à surveiller, les habitudes qui aident, et pourquoi demander du soutien fait partie d’un travail bien fait.",
            "es": "Señales de estrés a vigilar, hábitos que ayudan y por qué pedir apoyo es parte de hacer bien el trabajo.",
            "ar": "علامات الإجهاد التي يجب الانتباه إليها، والعادات التي تساعد، ولماذا يُعد طلب الدعم جزءاً من أداء العمل بشكل جيد.",
        },
        body={"en": (
            "<p>Seeing images and videos of child abuse affects everyone, even experienced investigators. The effects can build up slowly: trouble sleeping, irritability, feeling numb, or thinking about the material outside work.</p>"
            "<h2>Habits that help</h2><ul><li>Take regular breaks away from the screen.</li><li>Turn off the sound unless you need it; review in smaller windows or in black and white where your tools allow.</li><li>Talk with colleagues and supervisors; do not carry it alone.</li><li>Keep a clear line between work and home.</li></ul>"
            "<p>Ask your agency what support it offers (counselling, regular check-ins). Using support is a sign of professionalism, not weakness.</p>"
        )},
    ),
    resource(
        "ai-and-exposure", "explainer", "intermediate", ["wellbeing", "ai-basics"], minutes=10, languages=["en"],
        title={"en": "How AI tools can reduce exposure to harmful material"},
        summary={"en": "Hash matching, blurring, grouping duplicates and triage: features that mean people look at less, and what to watch out for."},
        body={"en": (
            "<p>Some AI features exist mainly to protect the people who review material:</p>"
            "<ul><li><strong>Hash matching</strong> recognises files that have already been categorised, so no one needs to look at them again.</li><li><strong>Grouping duplicates</strong> and near-duplicates (with perceptual hashes) means one decision covers many files.</li><li><strong>Blurring and greyscale</strong> let an investigator decide without seeing every detail.</li><li><strong>Triage</strong> puts the most relevant material first, so reviews can stop sooner.</li></ul>"
            "<p>These features reduce exposure, they do not remove it. Plan breaks and support even with good tools, and check that a time saving is not simply turned into more review hours.</p>"
        )},
    ),
    resource(
        "synthetic-material", "explainer", "intermediate", ["ai-basics", "responsible-ai"], minutes=12, languages=["en"],
        title={"en": "AI-generated and synthetic material: what investigators should know"},
        summary={"en": "Deepfakes and generative AI create new forms of abuse material and new challenges for victim identification. An overview in plain words."},
        body={"en": (
            "<p>Generative AI can create realistic images, videos and voices. Offenders misuse it to produce abuse material, to alter images of real children, or to pose as a child in chats. A deepfake is media in which a real person’s face or voice has been swapped or faked.</p>"
            "<h2>Why it matters</h2><ul><li>Synthetic material is illegal in many countries and can show or be based on real children.</li><li>Victim identification gets harder: investigators must work out whether a real child is in danger.</li><li>Large language models can be used to write grooming messages at scale.</li></ul>"
            "<h2>What helps</h2><ul><li>Tools that estimate whether media was generated or altered (treat their result as a lead, not proof).</li><li>Keeping original files and metadata, which can show how material was made.</li><li>Sharing new patterns with other units through the hub’s community.</li></ul>"
        )},
    ),
    resource(
        "unesco-recommendation", "guideline", "intermediate", ["responsible-ai", "human-rights"], minutes=60, languages=["en", "fr", "es", "ar", "ru", "zh"],
        title={
            "en": "UNESCO Recommendation on the Ethics of Artificial Intelligence",
            "fr": "Recommandation de l’UNESCO sur l’éthique de l’intelligence artificielle",
            "es": "Recomendación de la UNESCO sobre la ética de la inteligencia artificial",
            "ar": "توصية اليونسكو بشأن أخلاقيات الذكاء الاصطناعي",
        },
        summary={
            "en": "The first global standard on AI ethics, adopted by UNESCO’s General Conference in November 2021: values, principles and policy actions.",
            "fr": "La première norme mondiale sur l’éthique de l’IA, adoptée par la Conférence générale de l’UNESCO en novembre 2021 : valeurs, principes et actions.",
            "es": "La primera norma mundial sobre la ética de la IA, adoptada por la Conferencia General de la UNESCO en noviembre de 2021: valores, principios y acciones.",
            "ar": "أول معيار عالمي بشأن أخلاقيات الذكاء الاصطناعي، اعتمده المؤتمر العام لليونسكو في تشرين الثاني/نوفمبر 2021: القيم والمبادئ ومجالات العمل.",
        },
        body={"en": (
            "<p>Adopted on 24 November 2021 by all UNESCO Member States, the Recommendation sets out values (human rights and dignity, living in peace, diversity and inclusiveness, the environment) and principles such as proportionality, safety, privacy, human oversight, transparency and fairness.</p>"
            "<p><strong>Why read it:</strong> the Global Hub’s provider questionnaire and this learning centre draw on it. Its chapters on data governance and gender are especially relevant to choosing AI tools.</p>"
        )},
        url="https://www.unesco.org/en/artificial-intelligence/recommendation-ethics",
    ),
    resource(
        "unicef-policy-guidance", "guideline", "intermediate", ["human-rights", "data-protection"], minutes=60, languages=["en"],
        title={
            "en": "UNICEF Policy guidance on AI for children",
            "fr": "Orientations politiques de l’UNICEF sur l’IA pour les enfants",
            "es": "Orientación normativa de UNICEF sobre la IA para la infancia",
            "ar": "إرشادات اليونيسف بشأن سياسات الذكاء الاصطناعي من أجل الأطفال",
        },
        summary={
            "en": "Requirements for AI that upholds children’s rights: supporting children’s development, fairness, privacy, safety, transparency and accountability.",
            "fr": "Les exigences pour une IA qui respecte les droits de l’enfant : développement de l’enfant, équité, vie privée, sécurité, transparence et responsabilité.",
            "es": "Requisitos para una IA que respete los derechos de la infancia: desarrollo, equidad, privacidad, seguridad, transparencia y rendición de cuentas.",
            "ar": "متطلبات ذكاء اصطناعي يحترم حقوق الطفل: دعم نمو الأطفال، والإنصاف، والخصوصية، والسلامة، والشفافية، والمساءلة.",
        },
        body={"en": (
            "<p>UNICEF’s guidance explains how AI systems should protect and empower children. It lists requirements such as prioritising fairness and non-discrimination for children, protecting children’s data and privacy, ensuring safety, and providing transparency, explainability and accountability.</p>"
            "<p><strong>Why read it:</strong> the Ethical and Legal Report behind the Global Hub names it as a source for how tools should handle children’s personal data and avoid harm to child victims and other children.</p>"
        )},
        url="https://www.unicef.org/globalinsight/reports/policy-guidance-ai-children",
    ),
    resource(
        "interpol-unicri-toolkit", "guideline", "intermediate", ["responsible-ai", "choosing-tools"], minutes=90, languages=["en"],
        title={
            "en": "INTERPOL–UNICRI Toolkit for Responsible AI Innovation in Law Enforcement",
            "fr": "Boîte à outils INTERPOL–UNICRI pour une innovation responsable en matière d’IA dans les services répressifs",
            "es": "Kit de herramientas INTERPOL–UNICRI para la innovación responsable en IA en la aplicación de la ley",
            "ar": "مجموعة أدوات الإنتربول ومعهد الأمم المتحدة الأقاليمي لبحوث الجريمة والعدالة للابتكار المسؤول في مجال الذكاء الاصطناعي في إنفاذ القانون",
        },
        summary={
            "en": "Practical guidance and tools for police agencies on every stage of using AI responsibly, from the idea to deployment and review.",
            "fr": "Des orientations et des outils pratiques pour les services de police, à chaque étape d’une utilisation responsable de l’IA.",
            "es": "Orientación y herramientas prácticas para la policía en cada etapa del uso responsable de la IA.",
            "ar": "إرشادات وأدوات عملية لأجهزة الشرطة في كل مرحلة من مراحل الاستخدام المسؤول للذكاء الاصطناعي.",
        },
        body={"en": (
            "<p>Developed by the INTERPOL Innovation Centre and UNICRI’s Centre for AI and Robotics, with funding from the European Union, the toolkit turns principles of responsible AI into practical steps for law enforcement: organisational readiness, risk assessment, and responsible use throughout the life of a tool.</p>"
            "<p><strong>Why read it:</strong> it is the most detailed companion to the eight-stage workflow in this learning centre.</p>"
        )},
        url="https://www.ai-lawenforcement.org/",
    ),
    resource(
        "requesting-data-from-ncmec", "how_to", "beginner", ["data-sources"], minutes=10, languages=["en"],
        title={
            "en": "How to request data from NCMEC",
            "fr": "Comment demander des données au NCMEC",
            "es": "Cómo solicitar datos al NCMEC",
            "ar": "كيف تطلب بيانات من المركز الوطني للأطفال المفقودين والمستغَلين (NCMEC)",
        },
        summary={
            "en": "What the National Center for Missing & Exploited Children holds, how CyberTipline reports reach law enforcement in your country, and where to find NCMEC’s official contacts.",
            "fr": "Ce que détient le National Center for Missing & Exploited Children, comment les signalements CyberTipline parviennent aux services de votre pays, et où trouver les contacts officiels du NCMEC.",
            "es": "Qué tiene el National Center for Missing & Exploited Children, cómo llegan los reportes de la CyberTipline a las autoridades de su país y dónde encontrar los contactos oficiales del NCMEC.",
            "ar": "ما الذي يحتفظ به المركز الوطني للأطفال المفقودين والمستغَلين، وكيف تصل بلاغات CyberTipline إلى جهات إنفاذ القانون في بلدك، وأين تجد جهات الاتصال الرسمية للمركز.",
        },
        body={"en": (
            "<p>The National Center for Missing &amp; Exploited Children (NCMEC) is a non-profit organisation in the United States. It runs the CyberTipline, where the public and online service providers report suspected child sexual exploitation. NCMEC reviews reports and makes them available to law enforcement, including agencies outside the United States where the report points to their country.</p>"
            "<h2>Before you contact NCMEC</h2><ol><li><strong>Find out who in your country already receives CyberTipline reports.</strong> Often a national unit is the point of contact. Ask your national cybercrime or child-protection unit, or your country’s INTERPOL National Central Bureau.</li><li><strong>Check what you need.</strong> A CyberTipline report contains what the reporting company or person provided. Other data held by an online company is requested from that company, through the legal channels your law provides (for example mutual legal assistance).</li><li><strong>Check your legal basis</strong> for receiving and using the data, and how it will be stored securely.</li></ol>"
            "<h2>Contacting NCMEC</h2><p>Use only the contacts published on NCMEC’s official website, <a href=\"https://www.missingkids.org/\">missingkids.org</a>. Do not rely on contact details passed on informally: they change. If you are unsure, the hub team can help you find the right channel.</p>"
            "<p>This guide describes the general picture only; the arrangements for your country are set by NCMEC and your national authorities.</p>"
        )},
        url="https://www.missingkids.org/",
    ),
    resource(
        "choosing-a-tool-with-the-hub", "tutorial", "beginner", ["choosing-tools"], minutes=20, languages=["en"],
        title={
            "en": "Choosing a tool with the Global Hub",
            "fr": "Choisir un outil avec le Global Hub",
            "es": "Elegir una herramienta con el Global Hub",
            "ar": "اختيار أداة باستخدام Global Hub",
        },
        summary={
            "en": "Use the selection wizard, compare tools side by side in the catalogue, read the providers’ answers, and ask other officers.",
            "fr": "Utilisez l’assistant de sélection, comparez les outils dans le catalogue, lisez les réponses des fournisseurs et interrogez d’autres agents.",
            "es": "Use el asistente de selección, compare herramientas en el catálogo, lea las respuestas de los proveedores y consulte a otros agentes.",
            "ar": "استخدم معالج الاختيار، وقارن الأدوات جنباً إلى جنب في الدليل، واقرأ إجابات المزودين، واسأل ضباطاً آخرين.",
        },
        body={"en": (
            "<ol><li><strong>Start with the wizard</strong> at <a href=\"/wizard/\">the selection wizard</a>: answer a few questions about your need, your material and your equipment, and save the shortlist.</li>"
            "<li><strong>Compare</strong> two to four tools side by side in <a href=\"/tools/\">the catalogue</a>. Differences are highlighted.</li>"
            "<li><strong>Read the details</strong> of each tool: where it runs, whether it works offline, its languages, who it was first built for, whether it was independently evaluated, and whether it collects data from its users.</li>"
            "<li><strong>Ask colleagues:</strong> officers who have used a tool can tell you what the description does not.</li></ol>"
            "<p>Remember: the catalogue gives every tool equal visibility and promotes none. Listing is information, not an endorsement.</p>"
        )},
    ),
    resource(
        "planning-a-pilot", "how_to", "intermediate", ["choosing-tools", "gender-bias"], minutes=25, languages=["en"],
        title={"en": "How to plan a small pilot of an AI tool"},
        summary={"en": "Set goals, choose test data, measure errors and bias, and decide with evidence whether to adopt the tool."},
        body={"en": (
            "<ol><li><strong>Set goals:</strong> what should improve (time to review a device, number of victims identified) and by how much.</li>"
            "<li><strong>Choose the setting:</strong> a few users, closed cases or copies of data, for a fixed period (for example six weeks).</li>"
            "<li><strong>Measure:</strong> time spent, false positives and false negatives, and results per group to detect bias.</li>"
            "<li><strong>Ask users:</strong> was it easy to use, did they trust it too much or too little, how did it affect their well-being?</li>"
            "<li><strong>Decide and record:</strong> adopt, adjust or stop, with the reasons.</li></ol>"
        )},
    ),
    resource(
        "training-sauti-transcribe", "provider_training", "beginner", ["choosing-tools"], minutes=120, languages=["en", "sw"],
        title={"en": "Getting started with Sauti Transcribe (provider’s video course)"},
        summary={"en": "The provider’s two-hour course on transcribing and translating audio evidence offline with Sauti Transcribe."},
        body={"en": "<p>Offered by the provider of the tool. It covers installation, transcribing a recording, correcting the transcript, and exporting it for court.</p>"},
        url="https://savannasignal.example/training/sauti-basics",
        tool="sauti-transcribe",
    ),
    resource(
        "training-kifaa-field-guide", "provider_training", "beginner", ["choosing-tools"], minutes=40, languages=["en", "sw"],
        title={"en": "Kifaa Triage Kit field guide (provider’s material)"},
        summary={"en": "The provider’s field guide to on-site triage of seized devices with the Kifaa Triage Kit, in English and Swahili."},
        body={"en": "<p>Offered by the provider of the tool: starting the kit from USB, checking devices against hash lists without changing them, and reading the report.</p>"},
        url="https://savannasignal.example/training/kifaa-field-guide",
        tool="kifaa-triage-kit",
    ),
    resource(
        "training-condor-bienestar", "provider_training", "beginner", ["wellbeing"], minutes=90, languages=["es", "en"],
        title={"en": "Looking after yourself during review work (provider’s course)", "es": "Cuidarse durante el trabajo de revisión (curso del proveedor)"},
        summary={"en": "A self-paced well-being course from the provider of Cóndor Bienestar, for people who review harmful material.", "es": "Un curso de bienestar a su propio ritmo, del proveedor de Cóndor Bienestar, para quienes revisan material dañino."},
        url="https://alianzacondor.example/bienestar/curso",
        tool="condor-bienestar",
    ),
    resource(
        "training-qamar-chat-analyst", "provider_training", "intermediate", ["choosing-tools"], minutes=960, languages=["ar", "en"],
        title={"en": "Qamar Arabic Chat Analyst training (provider’s course)", "ar": "تدريب على أداة Qamar Arabic Chat Analyst (دورة المزوّد)"},
        summary={"en": "The provider’s two-day course, in Arabic and English, on analysing chat conversations with the tool.", "ar": "دورة المزوّد لمدة يومين، بالعربية والإنجليزية، حول تحليل محادثات الدردشة باستخدام الأداة."},
        url="https://qamaranalytics.example/training/chat-analyst",
        tool="qamar-arabic-chat-analyst",
    ),
]  # fmt: skip


# Glossary: 30 terms -----------------------------------------------------------------------------------


def term(slug, texts):
    """``texts``: language → (term, other forms, definition)."""
    return {"slug": slug, "texts": texts}


GLOSSARY = [
    term("artificial-intelligence", {
        "en": ("artificial intelligence", "AI", "Software that does tasks which used to need human judgement, such as recognising what is in a picture or understanding text."),
        "fr": ("intelligence artificielle", "IA", "Logiciel qui accomplit des tâches qui demandaient auparavant un jugement humain, comme reconnaître le contenu d’une image ou comprendre un texte."),
        "es": ("inteligencia artificial", "IA", "Software que realiza tareas que antes requerían el juicio humano, como reconocer lo que hay en una imagen o entender un texto."),
        "ar": ("الذكاء الاصطناعي", "", "برمجيات تؤدي مهاماً كانت تتطلب حكماً بشرياً، مثل التعرف على محتوى صورة أو فهم نص."),
    }),
    term("algorithm", {
        "en": ("algorithm", "algorithms", "A fixed set of steps a computer follows to solve a problem or make a calculation."),
        "fr": ("algorithme", "algorithmes", "Suite d’étapes fixes qu’un ordinateur suit pour résoudre un problème ou faire un calcul."),
        "es": ("algoritmo", "algoritmos", "Conjunto fijo de pasos que sigue un ordenador para resolver un problema o hacer un cálculo."),
        "ar": ("خوارزمية", "الخوارزمية, خوارزميات", "مجموعة ثابتة من الخطوات يتبعها الحاسوب لحل مشكلة أو إجراء عملية حسابية."),
    }),
    term("machine-learning", {
        "en": ("machine learning", "", "A way of building AI in which software learns patterns from many examples instead of following rules written by a person."),
        "fr": ("apprentissage automatique", "", "Façon de construire une IA dans laquelle le logiciel apprend des régularités à partir de nombreux exemples au lieu de suivre des règles écrites par une personne."),
        "es": ("aprendizaje automático", "", "Forma de construir IA en la que el software aprende patrones a partir de muchos ejemplos en lugar de seguir reglas escritas por una persona."),
        "ar": ("التعلم الآلي", "", "طريقة لبناء الذكاء الاصطناعي تتعلم فيها البرمجيات الأنماط من أمثلة كثيرة بدلاً من اتباع قواعد يكتبها إنسان."),
    }),
    term("deep-learning", {"en": ("deep learning", "", "Machine learning with large neural networks of many layers; behind most modern image, speech and language tools.")}),
    term("neural-network", {"en": ("neural network", "neural networks", "A kind of AI model made of many connected simple units that together learn to recognise patterns.")}),
    term("ai-model", {"en": ("AI model", "AI models", "The result of training: the learned patterns that a tool uses to turn new input (an image, a text) into a result.")}),
    term("training-data", {
        "en": ("training data", "", "The examples an AI model learns from. What is missing or rare in them, the model will handle less well."),
        "fr": ("données d’entraînement", "", "Les exemples à partir desquels un modèle d’IA apprend. Ce qui y manque ou y est rare, le modèle le traitera moins bien."),
        "es": ("datos de entrenamiento", "", "Los ejemplos con los que aprende un modelo de IA. Lo que falta o es raro en ellos, el modelo lo tratará peor."),
        "ar": ("بيانات التدريب", "", "الأمثلة التي يتعلم منها نموذج الذكاء الاصطناعي. وما يغيب عنها أو يندر فيها سيتعامل معه النموذج بشكل أقل جودة."),
    }),
    term("test-data", {"en": ("test data", "test set", "Examples kept apart from the training data and used to check how well a model works on material it has never seen.")}),
    term("classifier", {"en": ("classifier", "classifiers", "An AI model that sorts items into groups, for example “probably relevant” and “probably not relevant”.")}),
    term("accuracy", {"en": ("accuracy", "", "The share of all a tool’s decisions that were right. On its own it can mislead when relevant items are rare.")}),
    term("false-positive", {
        "en": ("false positive", "false positives", "A result that flags something as relevant when it is not: a harmless file marked as abuse material."),
        "fr": ("faux positif", "faux positifs", "Résultat qui signale comme pertinent quelque chose qui ne l’est pas : un fichier anodin marqué comme contenu d’abus."),
        "es": ("falso positivo", "falsos positivos", "Resultado que señala como relevante algo que no lo es: un archivo inofensivo marcado como material de abuso."),
        "ar": ("نتيجة إيجابية كاذبة", "نتائج إيجابية كاذبة", "نتيجة تشير إلى أن شيئاً ما ذو صلة وهو ليس كذلك: ملف غير ضار يوصف بأنه مادة اعتداء."),
    }),
    term("false-negative", {
        "en": ("false negative", "false negatives", "A result that misses something relevant: abuse material that the tool did not flag."),
        "fr": ("faux négatif", "faux négatifs", "Résultat qui manque quelque chose de pertinent : un contenu d’abus que l’outil n’a pas signalé."),
        "es": ("falso negativo", "falsos negativos", "Resultado que pasa por alto algo relevante: material de abuso que la herramienta no señaló."),
        "ar": ("نتيجة سلبية كاذبة", "نتائج سلبية كاذبة", "نتيجة تفوّت شيئاً ذا صلة: مادة اعتداء لم تشر إليها الأداة."),
    }),
    term("precision", {"en": ("precision", "", "Of all the items a tool flagged, the share that really were relevant.")}),
    term("recall", {"en": ("recall", "", "Of all the relevant items, the share that the tool found. Low recall means many are missed.")}),
    term("confidence-score", {"en": ("confidence score", "confidence scores", "A number a tool gives with each result to show how sure the model is. It is not a probability that the result is true.")}),
    term("threshold", {"en": ("threshold", "thresholds", "The score above which a tool flags an item. Lower thresholds miss less but flag more harmless items.")}),
    term("bias", {
        "en": ("bias", "biased", "When a tool works better for some groups of people than for others, often because of its training data."),
        "fr": ("biais", "", "Quand un outil fonctionne mieux pour certains groupes de personnes que pour d’autres, souvent à cause de ses données d’entraînement."),
        "es": ("sesgo", "sesgos", "Cuando una herramienta funciona mejor para unos grupos de personas que para otros, a menudo por sus datos de entrenamiento."),
        "ar": ("التحيز", "تحيز", "عندما تعمل أداة بشكل أفضل مع بعض فئات الناس دون غيرها، وغالباً بسبب بيانات التدريب."),
    }),
    term("hash", {
        "en": ("hash", "hashes, hash value, hash values, hash matching, hash lists", "A short code calculated from a file, like a fingerprint. The same file always gives the same hash, so known files can be found without looking at them."),
        "fr": ("empreinte numérique", "hash, empreintes numériques", "Code court calculé à partir d’un fichier, comme une empreinte digitale. Le même fichier donne toujours la même empreinte, ce qui permet de retrouver des fichiers connus sans les regarder."),
        "es": ("hash", "hashes, valor hash", "Código corto calculado a partir de un archivo, como una huella dactilar. El mismo archivo siempre da el mismo hash, así que los archivos conocidos se encuentran sin mirarlos."),
        "ar": ("قيمة التجزئة", "قيم التجزئة", "رمز قصير يُحسب من ملف، مثل بصمة الإصبع. الملف نفسه يعطي دائماً القيمة نفسها، فيمكن العثور على الملفات المعروفة دون النظر إليها."),
    }),
    term("perceptual-hash", {"en": ("perceptual hash", "perceptual hashes, perceptual hashing", "A hash that stays similar when an image is resized or slightly changed, so near-copies can be matched.")}),
    term("computer-vision", {"en": ("computer vision", "", "AI that analyses images and video: recognising objects, scenes, faces or text in a picture.")}),
    term("natural-language-processing", {"en": ("natural language processing", "NLP", "AI that works with human language in text or speech: searching, classifying, translating or summarising it.")}),
    term("large-language-model", {"en": ("large language model", "large language models, LLM, LLMs", "An AI model trained on huge amounts of text that can write and answer in natural language. It can sound sure and still be wrong.")}),
    term("generative-ai", {"en": ("generative AI", "", "AI that creates new text, images, audio or video from a description or an example.")}),
    term("deepfake", {
        "en": ("deepfake", "deepfakes", "Image, video or audio made or changed with AI so that it seems to show a real person doing or saying something they did not."),
        "fr": ("hypertrucage", "deepfake, deepfakes, hypertrucages", "Image, vidéo ou son créé ou modifié par l’IA pour sembler montrer une personne réelle faisant ou disant ce qu’elle n’a pas fait ou dit."),
        "es": ("ultrafalso", "deepfake, deepfakes, ultrafalsos", "Imagen, vídeo o audio creado o alterado con IA para que parezca mostrar a una persona real haciendo o diciendo algo que no hizo ni dijo."),
        "ar": ("التزييف العميق", "", "صورة أو فيديو أو تسجيل صوتي مصنوع أو معدّل بالذكاء الاصطناعي ليبدو أنه يُظهر شخصاً حقيقياً يفعل أو يقول ما لم يفعله أو يقله."),
    }),
    term("facial-recognition", {"en": ("facial recognition", "face recognition", "AI that compares faces to find the same person in different images. Errors can wrongly identify someone, so results need careful human checking.")}),
    term("age-estimation", {"en": ("age estimation", "", "AI that guesses a person’s age from an image or voice. It gives a range with a margin of error, never an exact age.")}),
    term("triage", {"en": ("triage", "", "Sorting material or cases so that the most urgent or relevant are dealt with first.")}),
    term("human-in-the-loop", {
        "en": ("human in the loop", "human oversight, human review", "A way of working in which a trained person checks what an AI tool suggests and takes every decision."),
        "fr": ("contrôle humain", "supervision humaine, vérification humaine", "Façon de travailler dans laquelle une personne formée vérifie ce que propose un outil d’IA et prend chaque décision."),
        "es": ("supervisión humana", "revisión humana", "Forma de trabajar en la que una persona formada comprueba lo que sugiere una herramienta de IA y toma cada decisión."),
        "ar": ("الإشراف البشري", "المراجعة البشرية", "طريقة عمل يتحقق فيها شخص مدرَّب مما تقترحه أداة الذكاء الاصطناعي ويتخذ كل قرار."),
    }),
    term("personal-data", {
        "en": ("personal data", "", "Any information about a person who can be identified, such as a face, a voice, a name, a username or a phone number."),
        "fr": ("données personnelles", "données à caractère personnel", "Toute information sur une personne identifiable, comme un visage, une voix, un nom, un pseudonyme ou un numéro de téléphone."),
        "es": ("datos personales", "", "Cualquier información sobre una persona identificable, como una cara, una voz, un nombre, un nombre de usuario o un número de teléfono."),
        "ar": ("البيانات الشخصية", "", "أي معلومات عن شخص يمكن التعرف عليه، مثل الوجه أو الصوت أو الاسم أو اسم المستخدم أو رقم الهاتف."),
    }),
    term("dpia", {"en": ("data protection impact assessment", "DPIA", "A written check, made before a new way of processing personal data starts, of the risks it creates and how they will be reduced.")}),
]  # fmt: skip


# Learning paths -------------------------------------------------------------------------------------


def stage(title, guidance, items, *, wizard=False, catalogue=False):
    return {"title": title, "guidance": guidance, "items": items, "wizard": wizard,
            "catalogue": catalogue}  # fmt: skip


WORKFLOW_STAGES = [
    stage(
        {"en": "Define the need", "fr": "Définir le besoin", "es": "Definir la necesidad", "ar": "تحديد الحاجة"},
        "<p>Start from a problem in your daily work, not from a technology. What takes too long, or what can you not do today? For example: reviewing thousands of images from a seized phone, or finding grooming conversations in long chat logs.</p><p>Describe who does the work now, how long it takes, and what a good result would look like. Some problems are better solved with more staff, training or a change of procedure than with AI.</p>",
        [
            "Describe the problem in two or three plain sentences.",
            "Note how the work is done today, by whom, and how long it takes.",
            "Decide what a good result would look like and how you would measure it.",
            "Ask the investigators who would use a tool what they need.",
            "Check whether training, a new procedure or more staff would be enough.",
        ],
    ),
    stage(
        {"en": "Assess readiness", "fr": "Évaluer l’état de préparation", "es": "Evaluar la preparación", "ar": "تقييم الجاهزية"},
        "<p>A tool only helps if your unit can run it and use its results. Look at your equipment, your network (some tools need the internet, others work offline), your budget for licences and maintenance, and the skills of your team.</p><p>Be honest about your data: many tools need digital evidence of good quality in standard formats. Agencies in many countries have less data and fewer resources than the largest ones; choose what fits your unit.</p>",
        [
            "List the computers, storage and network a tool could run on.",
            "Check whether your evidence network may connect to the internet.",
            "Estimate the cost of licences, hardware, training and maintenance over three years.",
            "Name who would run the tool and who would support it technically.",
            "Check which formats your digital evidence comes in.",
        ],
    ),
    stage(
        {"en": "Legal and ethical assessment", "fr": "Évaluation juridique et éthique", "es": "Evaluación jurídica y ética", "ar": "التقييم القانوني والأخلاقي"},
        "<p>Before choosing a tool, check what your law allows and what human rights require. Images and messages of children are highly sensitive personal data. Find out which laws apply (criminal procedure, data protection, rules of evidence), whether you need an authorisation, and how results can be used in court.</p><p>Think of the rights of child victims, of other children who appear in the material, and of suspects: privacy, non-discrimination and a fair trial. The UNESCO Recommendation on the Ethics of AI, UNICEF’s Policy guidance on AI for children and the INTERPOL–UNICRI toolkit help you ask the right questions (see <a href=\"/learn/resources/childrens-rights-and-ai/\">Children’s rights and AI</a> and <a href=\"/learn/resources/dpia-how-to/\">the DPIA guide</a>).</p>",
        [
            "Identify the laws that apply: criminal procedure, data protection, evidence.",
            "Ask your legal adviser or data protection officer to review the intended use.",
            "Plan a data protection impact assessment.",
            "Consider the effect on the rights of children, victims and suspects.",
            "Decide how a person will check every result before anyone acts on it.",
        ],
    ),
    stage(
        {"en": "Select tools", "fr": "Sélectionner les outils", "es": "Seleccionar herramientas", "ar": "اختيار الأدوات"},
        "<p>Use the hub’s selection wizard to get a shortlist of tools that fit your need, then compare them side by side in the catalogue. Read what each provider says about how the tool was built: the data it was trained on, its accuracy and limits, whether it was independently evaluated, whether other agencies use it, and whether it sends any data back to the provider.</p><p>Listing in the hub is information, not an endorsement. Ask officers in the community about their experience.</p>",
        [
            "Answer the wizard’s questions and save a shortlist.",
            "Compare two to four tools side by side in the catalogue.",
            "Read each provider’s answers on training data, accuracy and limits.",
            "Check whether the tool sends any data back to the provider.",
            "Ask officers who use the tool about their experience.",
        ],
        wizard=True, catalogue=True,
    ),
    stage(
        {"en": "Procure", "fr": "Acquérir", "es": "Adquirir", "ar": "الشراء والتعاقد"},
        "<p>Obtaining a tool follows your agency’s procurement rules. Write your legal and ethical requirements into the contract: where data is stored, who can access it, what the provider may collect, how long support and updates last, and what happens to your data at the end.</p><p>Tools that are free for law enforcement still need a written agreement. Ask for documentation, training and a test licence.</p>",
        [
            "Involve your procurement office early and follow its rules.",
            "Write data protection and security requirements into the contract.",
            "Agree on support, updates and the end of the contract (return or deletion of data).",
            "Ask for documentation, training material and a test licence.",
            "Check the provider’s answers in the hub against what the contract says.",
        ],
        catalogue=True,
    ),
    stage(
        {"en": "Pilot and evaluate, including bias", "fr": "Tester et évaluer, y compris les biais", "es": "Probar y evaluar, incluido el sesgo", "ar": "التجربة والتقييم، بما في ذلك التحيز"},
        "<p>Try the tool on a small scale first, with clear goals, before using it in live cases. Test it on data that looks like yours: accuracy claimed by a provider may not hold for your languages, your region or your kind of material.</p><p>Check the results for bias: does the tool work as well for girls and boys, for different skin tones, ages and languages? Training data that under-represents some groups, such as women and girls, can make a tool miss them. See <a href=\"/learn/resources/testing-for-bias/\">Testing a tool for bias</a>.</p>",
        [
            "Set goals for the pilot and how you will measure them.",
            "Test the tool on a labelled sample similar to your cases.",
            "Compare results across gender, age, skin tone and language.",
            "Count false positives and false negatives, and what each would cost in a real case.",
            "Write down the results and decide: go ahead, adjust, or stop.",
        ],
    ),
    stage(
        {"en": "Deploy and train", "fr": "Déployer et former", "es": "Implantar y formar", "ar": "النشر والتدريب"},
        "<p>Roll out the tool with written procedures: who may use it, for what, and how a person checks results before any action is taken. Train everyone who uses it, including on its limits and on responsible use.</p><p>Tools that reduce how much harmful material people must view can protect investigators’ well-being. Plan support for staff as well.</p>",
        [
            "Write a procedure for using the tool and checking its results.",
            "Train every user, including on the tool’s limits.",
            "Limit access to the people who need it, each with their own account.",
            "Keep a record of how the tool is used in each case.",
            "Plan well-being support for the staff who review material.",
        ],
    ),
    stage(
        {"en": "Monitor and share lessons", "fr": "Suivre et partager les enseignements", "es": "Supervisar y compartir lo aprendido", "ar": "المتابعة وتبادل الدروس المستفادة"},
        "<p>Keep checking that the tool does what you need: errors, bias, new versions, changes in the law. Review its use regularly and stop if it causes harm. If you learn that a tool raises ethical or legal concerns, tell the hub team.</p><p>Share what you learned with other officers in the hub’s community: your experience helps units in other countries.</p>",
        [
            "Review the tool’s results and errors at regular intervals.",
            "Check each new version before using it in cases.",
            "Report concerns about a tool to the hub team.",
            "Share your lessons with other officers in the community.",
            "Set a date to review whether the tool is still needed.",
        ],
    ),
]  # fmt: skip

PATHS = [
    {
        "slug": "eight-stage-workflow",
        "title": {
            "en": "Bringing AI into your unit: the eight-stage workflow",
            "fr": "Introduire l’IA dans votre unité : le processus en huit étapes",
            "es": "Incorporar la IA en su unidad: el proceso en ocho etapas",
            "ar": "إدخال الذكاء الاصطناعي إلى وحدتك: سير العمل في ثماني مراحل",
        },
        "summary": {
            "en": "From the first idea to daily use: eight stages, each with plain guidance and a checklist you can tick as you go.",
            "fr": "De la première idée à l’usage quotidien : huit étapes, chacune avec des conseils simples et une liste à cocher au fur et à mesure.",
            "es": "De la primera idea al uso diario: ocho etapas, cada una con orientación sencilla y una lista que puede marcar a medida que avanza.",
            "ar": "من الفكرة الأولى إلى الاستخدام اليومي: ثماني مراحل، لكل منها إرشادات بسيطة وقائمة تحقق يمكنك وضع علامة عليها أثناء التقدم.",
        },
        "description": {"en": "<p>Bringing an AI tool into an investigative unit is a project, not a purchase. These eight stages follow the path from the first idea to daily use, so that the tool helps your investigations and respects the rights of the people involved. Work through them with your team; your ticks are saved, so you can come back at any time.</p>"},
        "stages": WORKFLOW_STAGES,
    },
    {
        "slug": "ai-basics-in-an-hour",
        "title": {
            "en": "AI basics in under an hour",
            "fr": "Les bases de l’IA en moins d’une heure",
            "es": "Lo básico de la IA en menos de una hora",
            "ar": "أساسيات الذكاء الاصطناعي في أقل من ساعة",
        },
        "summary": {
            "en": "A short path for anyone new to AI: what it is, what it can and cannot do, and why a person stays in charge.",
            "fr": "Un parcours court pour découvrir l’IA : ce qu’elle est, ce qu’elle peut et ne peut pas faire, et pourquoi une personne reste aux commandes.",
            "es": "Un recorrido corto para quien empieza con la IA: qué es, qué puede y no puede hacer, y por qué una persona sigue al mando.",
            "ar": "مسار قصير لكل من هو جديد على الذكاء الاصطناعي: ما هو، وما يستطيعه وما لا يستطيعه، ولماذا يبقى الإنسان صاحب القرار.",
        },
        "description": {"en": "<p>No technical knowledge needed. Watch, read, and then check your understanding with three questions.</p>"},
        "resources": ["video-what-is-ai", "what-is-ai", "what-ai-can-and-cannot-do", "human-in-the-loop"],
        "final": stage(
            {"en": "Check your understanding", "fr": "Vérifiez ce que vous avez compris", "es": "Compruebe lo que ha entendido", "ar": "تحقق من فهمك"},
            "<p>Tick each statement you could explain to a colleague in your own words.</p>",
            [
                "An AI tool learns from examples, so it works less well on what was rare in them.",
                "A high score is a reason to look, not proof.",
                "A person checks every result and takes every decision.",
            ],
        ),
    },
    {
        "slug": "responsible-ai-and-childrens-rights",
        "title": {"en": "Responsible AI and children’s rights"},
        "summary": {"en": "Principles, rights, data protection and bias: what responsible use of AI means when the people affected are children."},
        "description": {"en": "<p>For officers who will take part in choosing or overseeing AI tools. Each step is a resource; mark it done when you have studied it.</p>"},
        "resources": ["responsible-ai-principles", "childrens-rights-and-ai", "data-protection-basics", "gender-bias-in-ai", "unicef-policy-guidance", "unesco-recommendation"],
    },
]  # fmt: skip

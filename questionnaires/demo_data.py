"""Version 1 of the ethics questionnaire, in the six languages of the hub.

Written in plain language from the Ethical and Legal Report (part IV §5, "Questionnaire for Technology
Providers", and §6): the datasets a tool was trained on and how representative they are of genders
and disadvantaged groups; the diversity of the development team; personal-data protection; children's
rights and well-being; robustness and cybersecurity; accuracy, strengths, weaknesses and limitations;
ethical and human-rights risks and their mitigation; independent verification of accuracy or
fairness; use by other law-enforcement agencies; who the tool was first built for and why; and
whether it collects data or analytics from its users.

Checked against the EU's seven requirements for trustworthy AI (ALTAI):
- human agency and oversight: ``intended_use``, ``human_review``
- technical robustness and safety: ``accuracy``, ``limitations``, ``security_measures``,
  ``security_testing``, ``robustness``, ``updates``
- privacy and data governance: ``training_data``, ``data_lawful``, ``personal_data``,
  ``data_location``, ``collects_user_data``, ``privacy_assessment``
- transparency: ``first_built_for``, ``ai_kind``, ``explainability``, ``documentation``
- diversity, non-discrimination and fairness: ``data_gender``, ``data_groups``, ``team_diversity``,
  ``team_expertise``, ``equal_performance``
- societal and environmental well-being: ``children_rights``, ``child_guidance``, ``exposure``,
  ``societal_impact``
- accountability: ``other_agencies``, ``risks``, ``independent_check``, ``evaluation_link``,
  ``redress``

Texts: ``{language: text}`` for en, ar, zh_hans, fr, ru, es.
"""

# ruff: noqa: E501


def t(en, ar, zh_hans, fr, ru, es) -> dict[str, str]:
    return {"en": en, "ar": ar, "zh_hans": zh_hans, "fr": fr, "ru": ru, "es": es}


def q(key, kind, required, text, *, help=None, choices=()):
    """A question: ``choices`` as (key, texts) for single and multiple choice."""
    return {
        "key": key,
        "kind": kind,
        "required": required,
        "text": text,
        "help": help,
        "choices": list(choices),
    }


TITLE = t(
    "Ethics questionnaire for technology providers",
    "استبيان الأخلاقيات لمزوّدي التكنولوجيا",
    "技术提供方伦理问卷",
    "Questionnaire éthique pour les fournisseurs de technologies",
    "Этический опросник для поставщиков технологий",
    "Cuestionario ético para proveedores de tecnología",
)
INTRO = t(
    "These questions ask how ethical questions were handled while the tool was developed. Officers read your answers next to the tool, as you give them: the hub does not score, certify or endorse them. Answer as fully and frankly as you can; “not known” is a valid answer.",
    "تتناول هذه الأسئلة كيفية التعامل مع المسائل الأخلاقية أثناء تطوير الأداة. يطّلع الضباط على إجاباتكم بجانب الأداة كما قدّمتموها: لا يقيّمها المركز ولا يعتمدها ولا يزكّيها. أجيبوا بأكبر قدر ممكن من الشمول والصراحة؛ و«غير معروف» إجابة مقبولة.",
    "这些问题询问在工具开发过程中如何处理伦理问题。警务人员会在工具旁看到你们原样提供的答案：本中心不对其评分、认证或背书。请尽可能完整、坦诚地作答；“不知道”也是有效的回答。",
    "Ces questions portent sur la manière dont les questions éthiques ont été traitées pendant le développement de l'outil. Les agents lisent vos réponses à côté de l'outil, telles que vous les donnez : la plateforme ne les note pas, ne les certifie pas et ne les cautionne pas. Répondez aussi complètement et franchement que possible ; « inconnu » est une réponse valable.",
    "Эти вопросы касаются того, как решались этические вопросы при разработке инструмента. Сотрудники видят ваши ответы рядом с инструментом в том виде, в каком вы их дали: платформа их не оценивает, не сертифицирует и не одобряет. Отвечайте как можно полнее и откровеннее; «неизвестно» — допустимый ответ.",
    "Estas preguntas tratan de cómo se abordaron las cuestiones éticas durante el desarrollo de la herramienta. Los agentes leen sus respuestas junto a la herramienta, tal como las dan: la plataforma no las puntúa, certifica ni respalda. Responda de la forma más completa y franca posible; «no se sabe» es una respuesta válida.",
)

IF_YES_WHICH = t(
    "If yes, say which agencies or how many, and what they found, as far as you may share it.",
    "إذا كانت الإجابة نعم، اذكر الأجهزة أو عددها وما توصلت إليه، بقدر ما يمكنك مشاركته.",
    "如果是，请说明是哪些机构或有多少家，以及它们的发现（在可分享的范围内）。",
    "Si oui, indiquez quels services ou combien, et ce qu'ils ont constaté, dans la mesure où vous pouvez le partager.",
    "Если да, укажите, какие органы или сколько их, и к каким выводам они пришли, насколько вы можете этим поделиться.",
    "Si es así, indique qué instituciones o cuántas, y qué observaron, en la medida en que pueda compartirlo.",
)

SECTIONS = [
    {
        "key": "origin",
        "title": t("Who the tool was built for, and why", "لمن صُنعت الأداة ولماذا", "工具最初为谁开发、为何开发", "Pour qui et pourquoi l'outil a été conçu", "Для кого и зачем создан инструмент", "Para quién y por qué se creó la herramienta"),
        "intro": None,
        "questions": [
            q("first_built_for", "text", True, t(
                "Who was the tool first built for, and for what purpose?",
                "لمن صُنعت الأداة في الأصل، ولأي غرض؟",
                "该工具最初是为谁开发的？出于什么目的？",
                "Pour qui l'outil a-t-il été conçu à l'origine, et dans quel but ?",
                "Для кого изначально был создан инструмент и с какой целью?",
                "¿Para quién se creó originalmente la herramienta y con qué fin?",
            )),
            q("intended_use", "text", True, t(
                "What should the tool be used for, and what should it not be used for?",
                "ما الاستخدامات المقصودة للأداة، وما الاستخدامات التي لا ينبغي أن تُستعمل فيها؟",
                "该工具应当用于什么？不应当用于什么？",
                "À quoi l'outil doit-il servir, et à quoi ne doit-il pas servir ?",
                "Для чего следует использовать инструмент и для чего его использовать нельзя?",
                "¿Para qué debe usarse la herramienta y para qué no debe usarse?",
            )),
            q("ai_kind", "single", True, t(
                "What kind of technology does the tool use to produce its results?",
                "ما نوع التقنية التي تستخدمها الأداة للوصول إلى نتائجها؟",
                "该工具使用哪种技术得出结果？",
                "Quel type de technologie l'outil utilise-t-il pour produire ses résultats ?",
                "Какую технологию использует инструмент для получения результатов?",
                "¿Qué tipo de tecnología usa la herramienta para producir sus resultados?",
            ), choices=[
                ("trained_model", t("A model trained on data (machine learning)", "نموذج مدرَّب على البيانات (تعلّم آلي)", "基于数据训练的模型（机器学习）", "Un modèle entraîné sur des données (apprentissage automatique)", "Модель, обученная на данных (машинное обучение)", "Un modelo entrenado con datos (aprendizaje automático)")),
                ("rules", t("Fixed rules or matching against lists, with no trained model", "قواعد ثابتة أو مطابقة مع قوائم، دون نموذج مدرَّب", "固定规则或与清单比对，不使用训练模型", "Des règles fixes ou une comparaison avec des listes, sans modèle entraîné", "Фиксированные правила или сверка со списками, без обученной модели", "Reglas fijas o comparación con listas, sin un modelo entrenado")),
                ("both", t("Both", "كلاهما", "两者兼有", "Les deux", "И то, и другое", "Ambos")),
            ]),
            q("other_agencies", "yes_no", True, t(
                "Have other law-enforcement agencies tested or used the tool?",
                "هل اختبرت أجهزة أخرى لإنفاذ القانون الأداة أو استخدمتها؟",
                "是否有其他执法机构测试或使用过该工具？",
                "D'autres services répressifs ont-ils testé ou utilisé l'outil ?",
                "Тестировали или использовали ли инструмент другие правоохранительные органы?",
                "¿Otras instituciones encargadas de hacer cumplir la ley han probado o usado la herramienta?",
            ), help=IF_YES_WHICH),
        ],
    },
    {
        "key": "data",
        "title": t("Training data", "بيانات التدريب", "训练数据", "Données d'entraînement", "Обучающие данные", "Datos de entrenamiento"),
        "intro": t(
            "If the tool uses no trained model, say so and explain what it relies on instead.",
            "إذا كانت الأداة لا تستخدم نموذجاً مدرَّباً، فاذكر ذلك واشرح ما تعتمد عليه بدلاً منه.",
            "如果该工具不使用训练模型，请说明，并解释它依靠什么。",
            "Si l'outil n'utilise pas de modèle entraîné, dites-le et expliquez sur quoi il s'appuie.",
            "Если инструмент не использует обученную модель, укажите это и объясните, на чём он основан.",
            "Si la herramienta no usa un modelo entrenado, indíquelo y explique en qué se basa.",
        ),
        "questions": [
            q("training_data", "text", True, t(
                "Which datasets were used to train or tune the tool's models? Say where they came from and how they were obtained.",
                "ما مجموعات البيانات التي استُخدمت لتدريب نماذج الأداة أو ضبطها؟ اذكر مصدرها وكيف تم الحصول عليها.",
                "训练或调整该工具模型使用了哪些数据集？请说明其来源及获取方式。",
                "Quels jeux de données ont servi à entraîner ou à ajuster les modèles de l'outil ? Indiquez leur origine et comment ils ont été obtenus.",
                "Какие наборы данных использовались для обучения или настройки моделей инструмента? Укажите, откуда они взяты и как были получены.",
                "¿Qué conjuntos de datos se usaron para entrenar o ajustar los modelos de la herramienta? Indique de dónde proceden y cómo se obtuvieron.",
            )),
            q("data_lawful", "yes_no", True, t(
                "Was the training data collected and used lawfully, with the permissions it required?",
                "هل جُمعت بيانات التدريب واستُخدمت بصورة قانونية، مع الأذونات اللازمة؟",
                "训练数据的收集和使用是否合法，并获得了所需的许可？",
                "Les données d'entraînement ont-elles été collectées et utilisées légalement, avec les autorisations nécessaires ?",
                "Были ли обучающие данные собраны и использованы законно, со всеми необходимыми разрешениями?",
                "¿Los datos de entrenamiento se recopilaron y usaron de forma lícita, con los permisos necesarios?",
            )),
            q("data_gender", "yes_no", True, t(
                "Is the training data representative of different genders (girls and boys, women and men)?",
                "هل تمثّل بيانات التدريب الأجناس المختلفة (الفتيات والفتيان، والنساء والرجال)؟",
                "训练数据是否能代表不同性别（女孩和男孩、女性和男性）？",
                "Les données d'entraînement sont-elles représentatives des différents genres (filles et garçons, femmes et hommes) ?",
                "Представлены ли в обучающих данных разные гендеры (девочки и мальчики, женщины и мужчины)?",
                "¿Los datos de entrenamiento son representativos de los distintos géneros (niñas y niños, mujeres y hombres)?",
            )),
            q("data_groups", "yes_no", True, t(
                "Is the training data representative of people of different ages, skin tones, ethnic backgrounds, languages and regions, including disadvantaged groups?",
                "هل تمثّل بيانات التدريب أشخاصاً من أعمار وألوان بشرة وأصول عرقية ولغات ومناطق مختلفة، بما في ذلك الفئات المحرومة؟",
                "训练数据是否能代表不同年龄、肤色、族裔背景、语言和地区的人群，包括弱势群体？",
                "Les données d'entraînement sont-elles représentatives de personnes d'âges, de couleurs de peau, d'origines ethniques, de langues et de régions différents, y compris des groupes défavorisés ?",
                "Представлены ли в обучающих данных люди разного возраста, цвета кожи, этнического происхождения, языков и регионов, включая уязвимые группы?",
                "¿Los datos de entrenamiento son representativos de personas de distintas edades, tonos de piel, orígenes étnicos, idiomas y regiones, incluidos los grupos desfavorecidos?",
            )),
        ],
    },
    {
        "key": "team",
        "title": t("The development team", "فريق التطوير", "开发团队", "L'équipe de développement", "Команда разработчиков", "El equipo de desarrollo"),
        "intro": None,
        "questions": [
            q("team_diversity", "text", True, t(
                "How diverse is the team that develops the tool, for example in gender, nationality and professional background?",
                "ما مدى تنوّع الفريق الذي يطوّر الأداة، من حيث الجنس والجنسية والخلفية المهنية مثلاً؟",
                "开发该工具的团队在多大程度上是多元的，例如在性别、国籍和专业背景方面？",
                "Dans quelle mesure l'équipe qui développe l'outil est-elle diverse, par exemple en genre, en nationalité et en parcours professionnel ?",
                "Насколько разнообразна команда, разрабатывающая инструмент, например по полу, гражданству и профессиональному опыту?",
                "¿Qué diversidad tiene el equipo que desarrolla la herramienta, por ejemplo en género, nacionalidad y trayectoria profesional?",
            )),
            q("team_expertise", "multiple", False, t(
                "Which kinds of expertise helped to design the tool?",
                "ما أنواع الخبرة التي أسهمت في تصميم الأداة؟",
                "哪些方面的专业知识参与了该工具的设计？",
                "Quels types d'expertise ont contribué à la conception de l'outil ?",
                "Какие виды экспертизы использовались при разработке инструмента?",
                "¿Qué tipos de conocimientos especializados contribuyeron al diseño de la herramienta?",
            ), choices=[
                ("child_protection", t("Child protection", "حماية الطفل", "儿童保护", "Protection de l'enfance", "Защита детей", "Protección de la infancia")),
                ("law_enforcement", t("Law enforcement", "إنفاذ القانون", "执法", "Services répressifs", "Правоохранительная деятельность", "Aplicación de la ley")),
                ("law_privacy", t("Law and data protection", "القانون وحماية البيانات", "法律与数据保护", "Droit et protection des données", "Право и защита данных", "Derecho y protección de datos")),
                ("ethics_rights", t("Ethics and human rights", "الأخلاقيات وحقوق الإنسان", "伦理与人权", "Éthique et droits humains", "Этика и права человека", "Ética y derechos humanos")),
                ("survivors", t("Survivors and their advocates", "الناجون والمدافعون عنهم", "幸存者及其倡导者", "Personnes survivantes et leurs représentants", "Пострадавшие и их представители", "Personas sobrevivientes y quienes las representan")),
                ("wellbeing", t("Psychology and well-being", "علم النفس والرفاه", "心理学与身心健康", "Psychologie et bien-être", "Психология и благополучие", "Psicología y bienestar")),
                ("data_science", t("Data science and engineering", "علم البيانات والهندسة", "数据科学与工程", "Science des données et ingénierie", "Наука о данных и инженерия", "Ciencia de datos e ingeniería")),
            ]),
        ],
    },
    {
        "key": "privacy",
        "title": t("Personal data and privacy", "البيانات الشخصية والخصوصية", "个人数据与隐私", "Données personnelles et vie privée", "Персональные данные и конфиденциальность", "Datos personales y privacidad"),
        "intro": None,
        "questions": [
            q("personal_data", "text", True, t(
                "Which personal data does the tool process, and how is it protected (for example encryption, access control, how long it is kept, deletion)?",
                "ما البيانات الشخصية التي تعالجها الأداة، وكيف تُحمى (مثل التشفير، والتحكم في الوصول، ومدة الاحتفاظ بها، وحذفها)؟",
                "该工具处理哪些个人数据？如何保护这些数据（例如加密、访问控制、保存期限、删除）？",
                "Quelles données personnelles l'outil traite-t-il, et comment sont-elles protégées (par exemple chiffrement, contrôle d'accès, durée de conservation, suppression) ?",
                "Какие персональные данные обрабатывает инструмент и как они защищены (например, шифрование, контроль доступа, срок хранения, удаление)?",
                "¿Qué datos personales trata la herramienta y cómo se protegen (por ejemplo, cifrado, control de acceso, tiempo de conservación, eliminación)?",
            )),
            q("data_location", "single", True, t(
                "Where is the data that the tool processes stored?",
                "أين تُخزَّن البيانات التي تعالجها الأداة؟",
                "该工具处理的数据存储在哪里？",
                "Où sont stockées les données traitées par l'outil ?",
                "Где хранятся данные, которые обрабатывает инструмент?",
                "¿Dónde se almacenan los datos que trata la herramienta?",
            ), choices=[
                ("agency", t("Only on the agency's own equipment", "على أجهزة الجهة نفسها فقط", "仅存储在机构自己的设备上", "Uniquement sur le matériel du service", "Только на оборудовании самого ведомства", "Solo en los equipos de la propia institución")),
                ("agency_cloud", t("In a cloud service chosen by the agency", "في خدمة سحابية تختارها الجهة", "存储在机构选择的云服务中", "Dans un service en nuage choisi par le service", "В облачном сервисе, выбранном ведомством", "En un servicio en la nube elegido por la institución")),
                ("provider_cloud", t("In the provider's cloud service", "في الخدمة السحابية لمزوّد الأداة", "存储在提供方的云服务中", "Dans le service en nuage du fournisseur", "В облачном сервисе поставщика", "En el servicio en la nube del proveedor")),
                ("mixed", t("It depends on how the tool is set up", "يتوقف ذلك على طريقة إعداد الأداة", "取决于工具的配置方式", "Cela dépend de la configuration de l'outil", "Зависит от настройки инструмента", "Depende de cómo se configure la herramienta")),
            ]),
            q("collects_user_data", "yes_no", True, t(
                "Does the tool collect any data or analytics about the officers who use it?",
                "هل تجمع الأداة أي بيانات أو تحليلات عن الضباط الذين يستخدمونها؟",
                "该工具是否收集有关使用它的警务人员的任何数据或分析信息？",
                "L'outil collecte-t-il des données ou des statistiques d'utilisation sur les agents qui l'utilisent ?",
                "Собирает ли инструмент какие-либо данные или аналитику о сотрудниках, которые им пользуются?",
                "¿La herramienta recopila datos o analíticas sobre los agentes que la usan?",
            ), help=t(
                "If yes, say what data, for what purpose, and who can see it.",
                "إذا كانت الإجابة نعم، اذكر البيانات والغرض منها ومن يمكنه الاطلاع عليها.",
                "如果是，请说明收集哪些数据、用途是什么、谁可以查看。",
                "Si oui, indiquez quelles données, dans quel but, et qui peut les consulter.",
                "Если да, укажите, какие данные, с какой целью и кто имеет к ним доступ.",
                "Si es así, indique qué datos, con qué fin y quién puede verlos.",
            )),
            q("privacy_assessment", "yes_no", False, t(
                "Has a data-protection impact assessment been carried out for the tool?",
                "هل أُجري تقييم لأثر الأداة على حماية البيانات؟",
                "是否对该工具进行过数据保护影响评估？",
                "Une analyse d'impact relative à la protection des données a-t-elle été réalisée pour l'outil ?",
                "Проводилась ли для инструмента оценка воздействия на защиту данных?",
                "¿Se ha realizado una evaluación de impacto relativa a la protección de datos de la herramienta?",
            )),
        ],
    },
    {
        "key": "children",
        "title": t("Children's rights and well-being", "حقوق الطفل ورفاهه", "儿童权利与福祉", "Droits et bien-être de l'enfant", "Права и благополучие детей", "Derechos y bienestar de la infancia"),
        "intro": None,
        "questions": [
            q("children_rights", "text", True, t(
                "How were children's rights and well-being considered when the tool was designed, for child victims and for other children whose data the tool may process?",
                "كيف رُوعيت حقوق الطفل ورفاهه عند تصميم الأداة، سواء للأطفال الضحايا أو للأطفال الآخرين الذين قد تعالج الأداة بياناتهم؟",
                "在设计该工具时，如何考虑儿童的权利和福祉，包括受害儿童以及该工具可能处理其数据的其他儿童？",
                "Comment les droits et le bien-être des enfants ont-ils été pris en compte lors de la conception de l'outil, pour les enfants victimes comme pour les autres enfants dont l'outil peut traiter les données ?",
                "Как при разработке инструмента учитывались права и благополучие детей — как детей-жертв, так и других детей, чьи данные может обрабатывать инструмент?",
                "¿Cómo se tuvieron en cuenta los derechos y el bienestar de la infancia al diseñar la herramienta, tanto de las víctimas como de otros niños y niñas cuyos datos pueda tratar?",
            )),
            q("child_guidance", "multiple", False, t(
                "Which guidance did you follow?",
                "ما الإرشادات التي اتبعتموها؟",
                "你们遵循了哪些指导文件？",
                "Quelles lignes directrices avez-vous suivies ?",
                "Какими руководствами вы пользовались?",
                "¿Qué orientaciones siguieron?",
            ), choices=[
                ("crc", t("UN Convention on the Rights of the Child", "اتفاقية الأمم المتحدة لحقوق الطفل", "《联合国儿童权利公约》", "Convention des Nations Unies relative aux droits de l'enfant", "Конвенция ООН о правах ребёнка", "Convención de las Naciones Unidas sobre los Derechos del Niño")),
                ("unicef", t("UNICEF Policy guidance on AI for children", "إرشادات اليونيسف بشأن سياسات الذكاء الاصطناعي من أجل الأطفال", "联合国儿童基金会《面向儿童的人工智能政策指南》", "Orientations stratégiques de l'UNICEF sur l'IA pour les enfants", "Руководство ЮНИСЕФ по политике в области ИИ в интересах детей", "Orientación normativa de UNICEF sobre la IA para la infancia")),
                ("unesco", t("UNESCO Recommendation on the Ethics of Artificial Intelligence", "توصية اليونسكو بشأن أخلاقيات الذكاء الاصطناعي", "联合国教科文组织《人工智能伦理问题建议书》", "Recommandation de l'UNESCO sur l'éthique de l'intelligence artificielle", "Рекомендация ЮНЕСКО об этических аспектах искусственного интеллекта", "Recomendación de la UNESCO sobre la Ética de la Inteligencia Artificial")),
                ("toolkit", t("INTERPOL–UNICRI Toolkit for Responsible AI Innovation in Law Enforcement", "مجموعة أدوات الإنتربول ومعهد الأمم المتحدة الأقاليمي لبحوث الجريمة والعدالة للابتكار المسؤول في الذكاء الاصطناعي في مجال إنفاذ القانون", "国际刑警组织与联合国区域间犯罪和司法研究所《执法领域负责任人工智能创新工具包》", "Boîte à outils INTERPOL–UNICRI pour une innovation responsable en matière d'IA dans les services répressifs", "Инструментарий ИНТЕРПОЛ–ЮНИКРИ по ответственным инновациям в области ИИ в правоохранительной деятельности", "Conjunto de herramientas INTERPOL-UNICRI para la innovación responsable en IA en la aplicación de la ley")),
                ("national_law", t("National or regional law, such as data-protection law", "القوانين الوطنية أو الإقليمية، مثل قانون حماية البيانات", "国家或地区法律，例如数据保护法", "Droit national ou régional, comme le droit de la protection des données", "Национальное или региональное законодательство, например о защите данных", "Legislación nacional o regional, como la de protección de datos")),
                ("none", t("None of these", "لا شيء مما سبق", "以上都没有", "Aucune de ces références", "Ничего из перечисленного", "Ninguna de estas")),
            ]),
            q("exposure", "yes_no", False, t(
                "Does the tool reduce how much harmful material investigators have to look at?",
                "هل تقلّل الأداة من كمية المواد الضارة التي يتعين على المحققين مشاهدتها؟",
                "该工具是否减少了调查人员必须查看的有害材料数量？",
                "L'outil réduit-il la quantité de contenus préjudiciables que les enquêteurs doivent regarder ?",
                "Уменьшает ли инструмент объём вредных материалов, которые приходится просматривать следователям?",
                "¿La herramienta reduce la cantidad de material dañino que deben ver los investigadores?",
            )),
        ],
    },
    {
        "key": "accuracy",
        "title": t("Accuracy, strengths and limitations", "الدقة ونقاط القوة وحدود الأداة", "准确性、优势与局限", "Précision, points forts et limites", "Точность, сильные стороны и ограничения", "Precisión, puntos fuertes y limitaciones"),
        "intro": None,
        "questions": [
            q("accuracy", "text", True, t(
                "How accurate is the tool, and how was this measured (which test data, how many false positives and false negatives)?",
                "ما مدى دقة الأداة، وكيف قيست هذه الدقة (ما بيانات الاختبار المستخدمة، وكم عدد النتائج الإيجابية والسلبية الخاطئة)؟",
                "该工具的准确性如何？是如何测量的（使用了哪些测试数据，误报和漏报各有多少）？",
                "Quelle est la précision de l'outil, et comment a-t-elle été mesurée (quelles données de test, combien de faux positifs et de faux négatifs) ?",
                "Насколько точен инструмент и как это измерялось (на каких тестовых данных, сколько ложноположительных и ложноотрицательных результатов)?",
                "¿Qué precisión tiene la herramienta y cómo se midió (qué datos de prueba, cuántos falsos positivos y falsos negativos)?",
            )),
            q("strengths", "text", True, t(
                "What are the tool's main strengths: where does it work best?",
                "ما أبرز نقاط قوة الأداة: في أي الحالات تعمل على أفضل وجه؟",
                "该工具的主要优势是什么？在哪些情况下效果最好？",
                "Quels sont les principaux points forts de l'outil : dans quels cas fonctionne-t-il le mieux ?",
                "Каковы главные сильные стороны инструмента: в каких случаях он работает лучше всего?",
                "¿Cuáles son los principales puntos fuertes de la herramienta: dónde funciona mejor?",
            )),
            q("limitations", "text", True, t(
                "What are the tool's weaknesses and limitations: where does it work less well, or fail?",
                "ما نقاط ضعف الأداة وحدودها: في أي الحالات يقل أداؤها أو تخفق؟",
                "该工具有哪些弱点和局限？在哪些情况下效果较差或失效？",
                "Quelles sont les faiblesses et les limites de l'outil : dans quels cas fonctionne-t-il moins bien, ou échoue-t-il ?",
                "Каковы слабые стороны и ограничения инструмента: в каких случаях он работает хуже или не справляется?",
                "¿Cuáles son los puntos débiles y las limitaciones de la herramienta: dónde funciona peor o falla?",
            )),
            q("equal_performance", "yes_no", True, t(
                "Have you checked whether the tool works equally well for different groups of people, for example by gender, age, skin tone or language?",
                "هل تحققتم مما إذا كانت الأداة تعمل بالكفاءة نفسها لفئات مختلفة من الناس، بحسب الجنس أو العمر أو لون البشرة أو اللغة مثلاً؟",
                "你们是否检查过该工具对不同人群（例如不同性别、年龄、肤色或语言）的效果是否同样好？",
                "Avez-vous vérifié si l'outil fonctionne aussi bien pour différents groupes de personnes, par exemple selon le genre, l'âge, la couleur de peau ou la langue ?",
                "Проверяли ли вы, одинаково ли хорошо инструмент работает для разных групп людей, например в зависимости от пола, возраста, цвета кожи или языка?",
                "¿Han comprobado si la herramienta funciona igual de bien para distintos grupos de personas, por ejemplo según el género, la edad, el tono de piel o el idioma?",
            )),
        ],
    },
    {
        "key": "security",
        "title": t("Robustness and cybersecurity", "المتانة والأمن السيبراني", "稳健性与网络安全", "Robustesse et cybersécurité", "Надёжность и кибербезопасность", "Solidez y ciberseguridad"),
        "intro": None,
        "questions": [
            q("security_measures", "text", True, t(
                "How is the tool protected against attacks, misuse and data leaks?",
                "كيف تُحمى الأداة من الهجمات وسوء الاستخدام وتسرّب البيانات؟",
                "该工具如何防范攻击、滥用和数据泄露？",
                "Comment l'outil est-il protégé contre les attaques, les usages abusifs et les fuites de données ?",
                "Как инструмент защищён от атак, злоупотреблений и утечек данных?",
                "¿Cómo se protege la herramienta contra ataques, usos indebidos y fugas de datos?",
            )),
            q("security_testing", "yes_no", True, t(
                "Has the tool's security been tested by an independent party, for example with a penetration test?",
                "هل اختبرت جهة مستقلة أمن الأداة، باختبار اختراق مثلاً؟",
                "该工具的安全性是否经过独立方测试，例如渗透测试？",
                "La sécurité de l'outil a-t-elle été testée par un tiers indépendant, par exemple au moyen d'un test d'intrusion ?",
                "Проверялась ли безопасность инструмента независимой стороной, например с помощью теста на проникновение?",
                "¿Un tercero independiente ha probado la seguridad de la herramienta, por ejemplo con una prueba de penetración?",
            )),
            q("robustness", "text", True, t(
                "What happens when the tool meets material it was not designed for, such as poor-quality, altered or unusual files?",
                "ماذا يحدث عندما تصادف الأداة مواد لم تُصمَّم لها، مثل ملفات رديئة الجودة أو معدَّلة أو غير مألوفة؟",
                "当该工具遇到其设计范围之外的材料（例如质量差、被篡改或不寻常的文件）时，会发生什么？",
                "Que se passe-t-il lorsque l'outil rencontre des contenus pour lesquels il n'a pas été conçu, comme des fichiers de mauvaise qualité, modifiés ou inhabituels ?",
                "Что происходит, когда инструмент сталкивается с материалами, для которых он не предназначен, например с файлами низкого качества, изменёнными или необычными?",
                "¿Qué ocurre cuando la herramienta encuentra material para el que no fue diseñada, como archivos de mala calidad, alterados o inusuales?",
            )),
            q("updates", "text", False, t(
                "How are updates and security fixes delivered, and for how long will the tool be supported?",
                "كيف تُقدَّم التحديثات والإصلاحات الأمنية، وإلى متى ستُدعَم الأداة؟",
                "如何提供更新和安全修复？该工具将获得多长时间的支持？",
                "Comment les mises à jour et les correctifs de sécurité sont-ils fournis, et pendant combien de temps l'outil sera-t-il maintenu ?",
                "Как поставляются обновления и исправления безопасности и как долго инструмент будет поддерживаться?",
                "¿Cómo se entregan las actualizaciones y correcciones de seguridad, y durante cuánto tiempo tendrá soporte la herramienta?",
            )),
        ],
    },
    {
        "key": "oversight",
        "title": t("Human oversight and transparency", "الرقابة البشرية والشفافية", "人工监督与透明度", "Contrôle humain et transparence", "Человеческий контроль и прозрачность", "Supervisión humana y transparencia"),
        "intro": None,
        "questions": [
            q("human_review", "yes_no", True, t(
                "Does a person always check the tool's results before any decision is taken about a case or a person?",
                "هل يتحقق شخص دائماً من نتائج الأداة قبل اتخاذ أي قرار بشأن قضية أو شخص؟",
                "在就案件或个人作出任何决定之前，是否总有人工核查该工具的结果？",
                "Une personne vérifie-t-elle toujours les résultats de l'outil avant toute décision concernant une affaire ou une personne ?",
                "Всегда ли человек проверяет результаты инструмента, прежде чем будет принято какое-либо решение по делу или в отношении человека?",
                "¿Una persona revisa siempre los resultados de la herramienta antes de tomar cualquier decisión sobre un caso o una persona?",
            )),
            q("explainability", "single", True, t(
                "Can the tool show why it produced a result?",
                "هل تستطيع الأداة أن تبيّن سبب وصولها إلى نتيجة ما؟",
                "该工具能否说明其得出某一结果的原因？",
                "L'outil peut-il montrer pourquoi il a produit un résultat ?",
                "Может ли инструмент показать, почему он выдал тот или иной результат?",
                "¿Puede la herramienta mostrar por qué produjo un resultado?",
            ), choices=[
                ("always", t("Yes, for every result", "نعم، لكل نتيجة", "可以，每个结果都能说明", "Oui, pour chaque résultat", "Да, для каждого результата", "Sí, para cada resultado")),
                ("partly", t("Partly, for some results", "جزئياً، لبعض النتائج", "部分可以，仅限某些结果", "En partie, pour certains résultats", "Частично, для некоторых результатов", "En parte, para algunos resultados")),
                ("no", t("No", "لا", "不能", "Non", "Нет", "No")),
                ("not_applicable", t("Not applicable: the results are exact matches", "لا ينطبق: النتائج تطابقات تامة", "不适用：结果为完全匹配", "Sans objet : les résultats sont des correspondances exactes", "Неприменимо: результаты — точные совпадения", "No aplica: los resultados son coincidencias exactas")),
            ]),
            q("documentation", "url", False, t(
                "Link to documentation for users that explains how the tool works and its limits",
                "رابط إلى وثائق للمستخدمين تشرح طريقة عمل الأداة وحدودها",
                "面向用户的文档链接，说明该工具的工作原理及其局限",
                "Lien vers la documentation destinée aux utilisateurs, qui explique le fonctionnement de l'outil et ses limites",
                "Ссылка на документацию для пользователей, объясняющую, как работает инструмент и каковы его ограничения",
                "Enlace a la documentación para usuarios que explica cómo funciona la herramienta y sus límites",
            )),
        ],
    },
    {
        "key": "accountability",
        "title": t("Risks, independent checks and accountability", "المخاطر والتحقق المستقل والمساءلة", "风险、独立核查与问责", "Risques, vérifications indépendantes et responsabilité", "Риски, независимые проверки и подотчётность", "Riesgos, verificaciones independientes y rendición de cuentas"),
        "intro": None,
        "questions": [
            q("risks", "text", True, t(
                "Which ethical or human-rights risks did you identify (for example wrong identification, bias, intrusion into privacy, misuse), and what did you do to reduce them?",
                "ما المخاطر الأخلاقية أو المتعلقة بحقوق الإنسان التي حددتموها (مثل تحديد الهوية الخاطئ، والتحيّز، وانتهاك الخصوصية، وسوء الاستخدام)، وماذا فعلتم للحد منها؟",
                "你们识别出了哪些伦理或人权风险（例如错误识别、偏见、侵犯隐私、滥用）？采取了哪些措施来降低这些风险？",
                "Quels risques éthiques ou pour les droits humains avez-vous relevés (par exemple erreur d'identification, biais, atteinte à la vie privée, usage abusif), et qu'avez-vous fait pour les réduire ?",
                "Какие этические риски или риски для прав человека вы выявили (например, ошибочная идентификация, предвзятость, вмешательство в частную жизнь, злоупотребление) и что вы сделали для их снижения?",
                "¿Qué riesgos éticos o para los derechos humanos identificaron (por ejemplo, identificación errónea, sesgos, intromisión en la privacidad, uso indebido) y qué hicieron para reducirlos?",
            )),
            q("independent_check", "yes_no", True, t(
                "Has an independent party verified the tool's accuracy or fairness?",
                "هل تحققت جهة مستقلة من دقة الأداة أو إنصافها؟",
                "是否有独立方核实过该工具的准确性或公平性？",
                "Un tiers indépendant a-t-il vérifié la précision ou l'équité de l'outil ?",
                "Проверяла ли независимая сторона точность или беспристрастность инструмента?",
                "¿Un tercero independiente ha verificado la precisión o la equidad de la herramienta?",
            ), help=t(
                "If yes, say who, when, and what they found.",
                "إذا كانت الإجابة نعم، اذكر الجهة والتاريخ وما توصلت إليه.",
                "如果是，请说明由谁、何时核实，以及核实结果。",
                "Si oui, indiquez qui, quand, et ce qui a été constaté.",
                "Если да, укажите, кто, когда и к каким выводам пришёл.",
                "Si es así, indique quién, cuándo y qué se constató.",
            )),
            q("evaluation_link", "url", False, t(
                "Link to the independent evaluation, if it is public",
                "رابط إلى التقييم المستقل، إن كان منشوراً",
                "独立评估的链接（如已公开）",
                "Lien vers l'évaluation indépendante, si elle est publique",
                "Ссылка на независимую оценку, если она опубликована",
                "Enlace a la evaluación independiente, si es pública",
            )),
            q("redress", "text", True, t(
                "If the tool makes a mistake, how can users report it, and how is it corrected?",
                "إذا أخطأت الأداة، كيف يمكن للمستخدمين الإبلاغ عن الخطأ، وكيف يُصحَّح؟",
                "如果该工具出错，用户如何报告？错误如何纠正？",
                "Si l'outil commet une erreur, comment les utilisateurs peuvent-ils la signaler, et comment est-elle corrigée ?",
                "Если инструмент ошибается, как пользователи могут сообщить об этом и как ошибка исправляется?",
                "Si la herramienta comete un error, ¿cómo pueden notificarlo los usuarios y cómo se corrige?",
            )),
            q("societal_impact", "text", False, t(
                "What wider effects could the tool have on society or the environment, for example on trust in the police or on energy use?",
                "ما الآثار الأوسع التي قد تترتب على الأداة في المجتمع أو البيئة، مثل الثقة بالشرطة أو استهلاك الطاقة؟",
                "该工具可能对社会或环境产生哪些更广泛的影响，例如对公众信任警方或能源消耗的影响？",
                "Quels effets plus larges l'outil pourrait-il avoir sur la société ou l'environnement, par exemple sur la confiance envers la police ou sur la consommation d'énergie ?",
                "Какое более широкое влияние инструмент может оказать на общество или окружающую среду, например на доверие к полиции или на потребление энергии?",
                "¿Qué efectos más amplios podría tener la herramienta en la sociedad o el medio ambiente, por ejemplo en la confianza en la policía o en el consumo de energía?",
            )),
        ],
    },
]  # fmt: skip

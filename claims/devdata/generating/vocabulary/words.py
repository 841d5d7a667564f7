"""The word lists of the synthetic newsroom: places, the clauses claims are
made of, how speakers are quoted, filler sentences, outlets, names in three
scripts, and the weights of the choices made from them.

Plain data: ``sentences`` builds text from it, the row builders pick from it.
"""

from claims.models import Claim, ClaimRelation, Evidence, Figure, Speaker
from sources.models import Source

# (English, Arabic, Russian, country)
PLACES = [
    ("Homs", "حمص", "Хомс", "Syria"),
    ("Aleppo", "حلب", "Алеппо", "Syria"),
    ("Idlib", "إدلب", "Идлиб", "Syria"),
    ("Raqqa", "الرقة", "Ракка", "Syria"),
    ("Deir ez-Zor", "دير الزور", "Дейр-эз-Зор", "Syria"),
    ("Mosul", "الموصل", "Мосул", "Iraq"),
    ("Fallujah", "الفلوجة", "Фаллуджа", "Iraq"),
    ("Gaza City", "مدينة غزة", "Газа", "Palestine"),
    ("Rafah", "رفح", "Рафах", "Palestine"),
    ("Khan Younis", "خان يونس", "Хан-Юнис", "Palestine"),
    ("Sanaa", "صنعاء", "Сана", "Yemen"),
    ("Hodeidah", "الحديدة", "Ходейда", "Yemen"),
    ("Khartoum", "الخرطوم", "Хартум", "Sudan"),
    ("El Fasher", "الفاشر", "Эль-Фашер", "Sudan"),
    ("Tripoli", "طرابلس", "Триполи", "Libya"),
    ("Benghazi", "بنغازي", "Бенгази", "Libya"),
    ("Mariupol", "ماريوبول", "Мариуполь", "Ukraine"),
    ("Kharkiv", "خاركيف", "Харьков", "Ukraine"),
    ("Bakhmut", "باخموت", "Бахмут", "Ukraine"),
    ("Kherson", "خيرسون", "Херсон", "Ukraine"),
    ("Donetsk", "دونيتسك", "Донецк", "Ukraine"),
    ("Kabul", "كابول", "Кабул", "Afghanistan"),
    ("Mogadishu", "مقديشو", "Могадишо", "Somalia"),
    ("Stepanakert", "ستيباناكيرت", "Степанакерт", "Azerbaijan"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]

# A claim's clause: (template, what a figure counts, or "" when it states no number).
EN_CORES = [
    ("{n} civilians were killed in {place}", "civilians killed"),
    ("{n} children were among the dead in {place}", "children killed"),
    ("the strikes on {place} hit only military targets", ""),
    ("no civilians were harmed in the operation near {place}", ""),
    ("{n} aid trucks reached {place} on {weekday}", "aid trucks"),
    ("{n} buildings were destroyed in {place}", "buildings destroyed"),
    ("the hospital in {place} was hit {n} times", "strikes on the hospital"),
    ("{n} fighters were killed in clashes near {place}", "fighters killed"),
    ("{n} people were displaced from {place} this week", "people displaced"),
    ("the convoy near {place} carried weapons, not aid", ""),
    ("{n} drones were shot down over {place}", "drones shot down"),
    ("the ceasefire in {place} was broken {n} times overnight", "ceasefire violations"),
    ("{n} journalists have been detained in {place} since {month}", "journalists detained"),
    ("the water supply to {place} was cut deliberately", ""),
    ("foreign troops took part in the ground operation near {place}", ""),
]
AR_CORES = [
    ("{n} مدنياً قتلوا في {place}", "civilians killed"),
    ("الغارات على {place} استهدفت مواقع عسكرية فقط", ""),
    ("{n} شاحنة مساعدات وصلت إلى {place}", "aid trucks"),
    ("{n} مبنى دُمّر في {place}", "buildings destroyed"),
    ("المستشفى في {place} تعرض للقصف {n} مرات", "strikes on the hospital"),
    ("لم يصب أي مدني في العملية قرب {place}", ""),
]
RU_CORES = [
    ("в городе {place} погибли {n} мирных жителей", "civilians killed"),
    ("удары по городу {place} наносились только по военным целям", ""),
    ("над городом {place} были сбиты {n} беспилотников", "drones shot down"),
    ("в город {place} прибыли {n} грузовиков с гуманитарной помощью", "aid trucks"),
    ("в городе {place} разрушены {n} зданий", "buildings destroyed"),
    ("в наземной операции у города {place} участвовали иностранные военные", ""),
]
EN_SAYS = ["said", "told reporters", "claimed", "stated", "insisted", "wrote"]
EN_WHEN = ["on Monday", "on Tuesday", "on Wednesday", "late on Thursday", "in a statement", "at a briefing"]
RU_SAYS = ["заявил", "сообщил", "подчеркнул", "утверждает"]
RU_WHEN = ["в понедельник", "во вторник", "в среду", "в четверг", "на брифинге", "в заявлении"]
AR_WHEN = ["يوم الاثنين", "يوم الثلاثاء", "يوم الأربعاء", "في بيان", "خلال مؤتمر صحفي"]

EN_FILLER = [
    "The claim could not be independently verified.",
    "Residents of {place} described scenes of panic as the strikes began.",
    "Officials in {place} did not respond to a request for comment.",
    "Footage shared online appeared to show smoke rising over {place}. 📹",
    "Aid agencies have warned for weeks that the situation in {place} is deteriorating.",
    "The figures have not been confirmed by the United Nations.",
    "Reporters were not allowed to enter the area around {place}.",
    "Local hospitals said they were running out of supplies 🚑 by {weekday} evening.",
]
AR_FILLER = [
    "لم يتسن التحقق من هذه المعلومات بشكل مستقل.",
    "وصف سكان {place} مشاهد من الذعر مع بدء الغارات.",
    "لم يرد المسؤولون في {place} على طلب للتعليق.",
    "أظهرت مقاطع مصورة تصاعد الدخان فوق {place}.",
]
RU_FILLER = [
    "Эти данные не удалось независимо проверить.",
    "Жители города {place} рассказали о панике во время ударов.",
    "Представители ведомства не ответили на запрос о комментарии.",
    "На видео, опубликованном в сети, виден дым над городом {place}.",
]
TITLES = {
    "en": [
        "Strikes on {place} kill {n}, officials say",
        "Conflicting accounts after attack near {place}",
        "{country} denies targeting civilians in {place}",
        "What we know about the fighting in {place}",
    ],
    "ar": ["روايات متضاربة بعد الهجوم قرب {place}", "ما نعرفه عن القتال في {place}"],
    "ru": ["Противоречивые данные после удара по городу {place}", "Что известно о боях в городе {place}"],
}
OUTLETS = {
    "en": [
        ("Reuters", "www.reuters.com"),
        ("AFP", "www.afp.com"),
        ("Middle East Eye", "www.middleeasteye.net"),
        ("BBC News", "www.bbc.co.uk"),
        ("The Guardian", "www.theguardian.com"),
        ("Kyiv Independent", "kyivindependent.com"),
    ],
    "ar": [
        ("Al Jazeera", "www.aljazeera.net"),
        ("Asharq Al-Awsat", "aawsat.com"),
        ("Enab Baladi", "www.enabbaladi.net"),
    ],
    "ru": [("TASS", "tass.ru"), ("RIA Novosti", "ria.ru"), ("Meduza", "meduza.io")],
}
LANGUAGES = [("en", 0.7), ("ar", 0.15), ("ru", 0.15)]

LATIN_FIRST = [
    "Ahmed", "Maria", "John", "Olena", "Dmitri", "Fatima", "Omar", "Sarah", "Yusuf", "Anna",
    "Hassan", "Layla", "Mikhail", "Nadia", "Karim", "Elena", "David", "Amina", "Rania", "Pavel",
]  # fmt: skip
LATIN_LAST = [
    "Khoury", "Haddad", "Petrenko", "Al-Masri", "Smith", "Kovalenko", "Nasser", "Rahman",
    "Sokolov", "Hamdan", "Bakri", "Morozov", "Saleh", "Shevchenko", "Jaber", "Novak", "Aziz",
]  # fmt: skip
ARABIC_FIRST = [
    "أحمد",
    "محمد",
    "فاطمة",
    "عمر",
    "يوسف",
    "ليلى",
    "حسن",
    "خالد",
    "مريم",
    "سامي",
    "رانيا",
    "طارق",
]
ARABIC_LAST = ["الخوري", "حداد", "المصري", "ناصر", "عبد الرحمن", "حمدان", "صالح", "جابر", "العلي"]
CYRILLIC_FIRST = ["Сергей", "Мария", "Дмитрий", "Ольга", "Иван", "Елена", "Михаил", "Анна", "Павел", "Ирина"]
CYRILLIC_LAST = ["Петров", "Иванов", "Соколов", "Морозов", "Волков", "Новиков", "Кузнецов", "Лебедев"]
ORGANISATIONS = {
    "latin": [
        ("Ministry of Defence of {country}", Speaker.Kind.MINISTRY),
        ("{country} Armed Forces", Speaker.Kind.MILITARY),
        ("Office of the President of {country}", Speaker.Kind.GOVERNMENT),
        ("{place} Health Directorate", Speaker.Kind.MINISTRY),
        ("{place} Civil Defence", Speaker.Kind.NGO),
        ("Observatory for Human Rights in {country}", Speaker.Kind.NGO),
        ("{place} Local Council", Speaker.Kind.POLITICAL),
        ("An official in {place}", Speaker.Kind.ANONYMOUS),
    ],
    "arabic": [
        ("الدفاع المدني في {place}", Speaker.Kind.NGO),
        ("مديرية الصحة في {place}", Speaker.Kind.MINISTRY),
        ("المجلس المحلي في {place}", Speaker.Kind.POLITICAL),
    ],
    "cyrillic": [
        ("Министерство обороны ({country})", Speaker.Kind.MINISTRY),
        ("Пресс-служба администрации города {place}", Speaker.Kind.GOVERNMENT),
    ],
}
ROLES = ["spokesman", "minister of defence", "governor", "field commander", "health official", "mayor"]
VENUES = [
    "press conference in {place}",
    "interview with {outlet}",
    "statement on Telegram",
    "post on X",
    "televised address",
    "briefing in {place}",
]
RATING_WEIGHTS = {
    "true": 10,
    "mostly-true": 15,
    "half-true": 20,
    "mostly-false": 20,
    "false": 20,
    "misleading": 10,
    "unproven": 5,
}
RATIONALES = [
    "<p>Satellite imagery and hospital records from {place} do not support the figure given.</p>",
    "<p>Three independent accounts from {place} agree with the claim; one detail is missing.</p>",
    "<p>The official count published later for {place} differs from the number claimed.</p>",
    "<p>No evidence was found either way; the area around {place} was closed to reporters.</p>",
]
EVIDENCE_TITLES = [
    "Satellite images of {place}",
    "Hospital admission records, {place}",
    "Witness interviews in {place}",
    "UN situation report on {place}",
    "Geolocated video from {place}",
    "Casualty dataset for {place}",
]
RELATION_KINDS = [
    (ClaimRelation.Kind.CONTRADICTS, 40),
    (ClaimRelation.Kind.SUPPORTS, 25),
    (ClaimRelation.Kind.QUALIFIES, 15),
    (ClaimRelation.Kind.RESPONDS_TO, 15),
    (ClaimRelation.Kind.SAME_AS, 5),
]
# The choices' values, read once: an enum's ``values`` is rebuilt at every call.
SOURCE_KINDS = list(Source.Kind.values)
DISPUTE_STANCES = list(Claim.DisputeStance.values)
QUALIFIERS = list(Figure.Qualifier.values)
EVIDENCE_STANCES = list(Evidence.Stance.values)
EVIDENCE_KINDS = list(Evidence.Kind.values)
RELIABILITIES = list(Evidence.Reliability.values)
DISPUTE_QUESTIONS = [
    "Did the strikes on {place} on {date} kill civilians?",
    "Was the hospital in {place} hit on {date}?",
    "Did aid reach {place} in the week of {date}?",
    "Did foreign troops take part in the fighting near {place} on {date}?",
]

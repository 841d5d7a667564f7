"""Realistic news pages for capture's tests, as served: HTML text and its bytes.

Extraction's tests read them directly; the fetcher's tests and the browser
tests serve them from a local server. Each page carries what real news pages
carry around an article (navigation, an advertisement, a newsletter box in the
middle of the story, related links, comments, a footer), so a test can check
that the article's paragraphs come out and the rest does not.

The English article is the Homs airstrike story of 30 September 2015 (the
demo's source, ``/work/shared/seed/homs-airstrike-2015.txt``); the Arabic and
Russian pages report the same day in those languages, under made-up outlets.
"""

from html import escape

URL = "https://www.middleeasteye.net/news/russia-airstrike-homs-kills-36-civilians-syria-opposition"
TITLE = "Russia airstrike on Homs kills 36 civilians: Syria opposition"
OUTLET = "Middle East Eye"
AUTHOR = "MEE staff"
PUBLISHED = "2015-09-30T18:47:00+01:00"
STANDFIRST = (
    "Russia denies hitting civilians, saying it targeted Islamic State in first foreign military "
    "engagement since occupation of Afghanistan"
)
CAPTION = (
    "File photo shows destruction in the northern Syrian city of Idlib following government "
    "airstrikes on 15 April 2015"
)
SUBHEADING = "Russia and US call urgent talks"

# The story's paragraphs in order, the subheading among them, as the article's
# text must read after extraction.
_BEFORE_THE_NEWSLETTER = (
    "NEW YORK, United States - A Russian airstrike killed 36 civilians, including five children, in "
    "the central Syrian province of Homs on Wednesday, the head of Syria's main opposition group said.",
    '"The Russians struck northern Homs today and killed 36 innocent people ... who fought against '
    'extremism," said Khaled Khoja, head of the National Coalition, in an interview with AFP.',
    "The opposition had received the names of all 36 victims, including five children from Homs, and "
    "were waiting detailed reports from elsewhere after a total of 20 strikes were carried out, Khoja "
    "said.",
    '"All of the casualties were civilians," Khoja said in New York on the sidelines of the UN General '
    "Assembly.",
    '"So it was very obvious that the Russian intervention was to support the regime, to support more '
    'killings inside Syria, and will create a more chaotic atmosphere," he added.',
    "Russia, however, has denied reports that it failed to target Islamic State sites.",
    "Russian Foreign Minister Sergei Lavrov said on Thursday morning that the allegations were "
    '"completely untrue".',
)
_AFTER_THE_NEWSLETTER = (
    'In a statement issued later in the day, the Kremlin said the strikes had targeted "a known list of '
    'terrorist organisations agreed upon with the Syrian government," stressing that the funding for '
    "the bombing had come solely from Russia and had not been supported by Assad's government.",
    "Russian warplanes carried out strikes in three Syrian provinces along with government aircraft on "
    "Wednesday, its first military engagement outside the former Soviet Union since the occupation of "
    "Afghanistan in 1979.",
    'The Syrian Coalition said in a statement that it "strongly condemns the brutal bombing carried out '
    "by Russian warplanes on civilian targets in rural Homs and rural Hama, causing civilian casualties; "
    "including women and children.",
    '"While this aggression by Russia is not justified, violates Syria’s sovereignty and is illegal, it '
    "calls to question Moscow's international commitments, including the commitment to the Geneva I "
    "Communique, which prohibits the escalation of violence and calls for taking action to reduce "
    'violence," the statement said.',
    'It also mentioned reports that Russia was "in preparation for a ground operation" - although '
    "President Vladimir Putin has insisted that putting Russian troops on the ground in Syria is not on "
    "the table.",
    '"This will be air support without any participation in the ground operations," Putin said earlier '
    "on Wednesday.",
    "The Russian leader had spoken of cooperation during a meeting on Monday with US President Barack Obama.",
    "Khoja said that Russia was being duplicitous, having recently spoken of a diplomatic solution.",
    "\"The Russians were talking about political settlement but it's clear now that they were using "
    'their political approach in order to cover military intervention in Syria," Khoja said.',
    '"Today\'s strike showed that the Russians were lying to us," he said.',
    SUBHEADING,
    "Meanwhile, the United States and Russia later on Wednesday called urgent military talks to head "
    "off the risk of clashes between their forces, after Moscow's airstrike.",
    "The Americans complained that the US-led coalition had only been given a heads-up by a Russian "
    "general in Baghdad one hour before the bombing began.",
    "But, after sharp public comments in Washington and the United Nations, US Secretary of State John "
    "Kerry and his Russian counterpart Sergei Lavrov put a brave face on the dispute.",
    "Appearing together on the sidelines of the UN General Assembly in New York, they said they would "
    'hold "de-confliction" talks and had drawn up proposals to relaunch a Syrian political peace '
    "process.",
    '"We agreed on the imperative of as soon as possible - perhaps even as soon as tomorrow, but as soon '
    'as possible - having a military-to-military de-confliction discussion," Kerry said.',
    "Lavrov agreed their talks had been useful and both men said they would take their ideas for the "
    "political process back to their respective presidents.",
    "But the narrow agreement to seek a mechanism to avoid accidental encounters between Russian and "
    "US-led forces could not disguise the deep divisions Moscow's actions had revealed.",
)
ARTICLE_PARAGRAPHS = _BEFORE_THE_NEWSLETTER + _AFTER_THE_NEWSLETTER

# What surrounds the article, one sentence of each kind, for tests to check
# that none of it is taken for the story.
NAVIGATION = "Skip to main content"
NAVIGATION_LINKS = ("News", "Opinion", "Middle East", "Video", "Podcasts", "Newsletters")
ADVERTISEMENT = "Advertisement: Fly to Beirut from 199 dollars with SkyCedar Airways"
NEWSLETTER = ("Stay informed with MEE's newsletters", "Sign up for our newsletter")
NEWSLETTER_PITCH = "Sign up to get the latest alerts, insights and analysis, starting with Turkey Unpacked"
RELATED = (
    "Russia begins air strikes in Syria after parliament approval",
    "Who is fighting whom in Syria's civil war",
    "Putin and Obama meet at the United Nations over Syria",
)
COMMENT = (
    "This is exactly what everyone predicted would happen the moment the Russian jets arrived, "
    "and nobody in Washington listened to the warnings from the region."
)
FOOTER = (
    "Middle East Eye delivers independent and unrivalled coverage and analysis of the Middle East, "
    "North Africa and beyond. To learn more about republishing this content and the associated fees, "
    "please fill out this form. More about MEE can be found here."
)
BOILERPLATE = (
    NAVIGATION,
    ADVERTISEMENT,
    *NEWSLETTER,
    NEWSLETTER_PITCH,
    *RELATED,
    COMMENT,
    FOOTER,
)


def _menu(names: tuple[str, ...]) -> str:
    """A site's menu: one link a name."""
    items = "".join(f'<li><a href="/section/{n}">{escape(name)}</a></li>' for n, name in enumerate(names))
    return f"<ul>{items}</ul>"


def _paragraphs_html(paragraphs: tuple[str, ...]) -> str:
    return "\n".join(
        f"<h2>{escape(p)}</h2>" if p == SUBHEADING else f"<p>{escape(p)}</p>" for p in paragraphs
    )


def _news_page(before: tuple[str, ...], after: tuple[str, ...], *, modified: str) -> str:
    """The Homs story in a news site's page, the newsletter box between
    ``before`` and ``after``, as a CMS lays it out."""
    related = "".join(f'<li><a href="/news/{n}">{escape(title)}</a></li>' for n, title in enumerate(RELATED))
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<title>{escape(TITLE)} | {OUTLET}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(STANDFIRST)}">
<meta name="author" content="{AUTHOR}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(TITLE)}">
<meta property="og:site_name" content="{OUTLET}">
<meta property="og:url" content="{URL}">
<meta property="article:published_time" content="{PUBLISHED}">
<meta property="article:modified_time" content="{modified}">
<link rel="canonical" href="{URL}">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "news"}});</script>
</head>
<body class="page-article">
<a class="skip-link" href="#main">{NAVIGATION}</a>
<header class="site-header">
  <a class="logo" href="/"><img src="/static/logo.svg" alt="{OUTLET}"></a>
  <nav class="main-menu" aria-label="Main">{_menu(NAVIGATION_LINKS)}</nav>
  <form class="search" action="/search"><input name="q" placeholder="Search"><button>Search</button></form>
</header>
<div class="ad ad-leaderboard" id="div-gpt-ad-leaderboard" aria-hidden="true">
  <p class="ad-label">{ADVERTISEMENT}</p>
  <a href="https://ads.example.net/click?id=42"><img src="https://ads.example.net/banner.gif" alt=""></a>
</div>
<main id="main">
<article class="node-article">
  <header class="article-header">
    <h1 class="article-title">{escape(TITLE)}</h1>
    <p class="standfirst">{escape(STANDFIRST)}</p>
    <div class="byline">By <a rel="author" href="/users/mee-staff">{AUTHOR}</a>
      <time datetime="{PUBLISHED}">Wednesday 30 September 2015 18:47 BST</time></div>
  </header>
  <figure class="lead-image">
    <img src="/images/idlib-destruction.jpg" alt="">
    <figcaption>{escape(CAPTION)} (AFP)</figcaption>
  </figure>
  <div class="article-body field-body">
{_paragraphs_html(before)}
<aside class="newsletter-signup" role="complementary">
  <h3>{escape(NEWSLETTER[0])}</h3>
  <p>{escape(NEWSLETTER_PITCH)}</p>
  <form action="/newsletter" method="post"><label>{NEWSLETTER[1]}
    <input type="email" name="email" placeholder="Email address"></label><button>Subscribe</button></form>
</aside>
{_paragraphs_html(after)}
  </div>
  <div class="share-links"><a href="https://twitter.com/share">Twitter</a> <a href="https://facebook.com/share">Facebook</a></div>
</article>
<section class="related-articles">
  <h2>More on Syria</h2>
  <ul>{related}</ul>
</section>
<section id="comments" class="comments">
  <h2>Comments</h2>
  <div class="comment"><p class="comment-author">Omar from Leeds</p><p>{escape(COMMENT)}</p></div>
</section>
</main>
<footer class="site-footer">
  <p>{escape(FOOTER)}</p>
  <p>© 2015 Middle East Eye. All rights reserved.
    <a href="/privacy">Privacy</a> <a href="/contact">Contact us</a></p>
</footer>
<script src="/static/comments.js"></script>
</body>
</html>
"""


HOMS_ARTICLE = _news_page(_BEFORE_THE_NEWSLETTER, _AFTER_THE_NEWSLETTER, modified=PUBLISHED)
HOMS_ARTICLE_BYTES = HOMS_ARTICLE.encode("utf-8")

# The same article after the outlet edited it: one sentence changed, and a
# paragraph added at the end, as an update.
ORIGINAL_SENTENCE = _BEFORE_THE_NEWSLETTER[6]
CHANGED_SENTENCE = (
    "Russian Foreign Minister Sergei Lavrov said on Thursday morning that the allegations were "
    '"groundless" and that Russia had struck only Islamic State positions.'
)
ADDED_PARAGRAPH = (
    "This article was updated on 1 October 2015 to include the Russian foreign minister's full "
    "remarks and the outcome of the talks in New York."
)
EDITED_PARAGRAPHS = (*_BEFORE_THE_NEWSLETTER[:6], CHANGED_SENTENCE, *_AFTER_THE_NEWSLETTER, ADDED_PARAGRAPH)
HOMS_ARTICLE_EDITED = _news_page(
    (*_BEFORE_THE_NEWSLETTER[:6], CHANGED_SENTENCE),
    (*_AFTER_THE_NEWSLETTER, ADDED_PARAGRAPH),
    modified="2015-10-01T09:12:00+01:00",
)
HOMS_ARTICLE_EDITED_BYTES = HOMS_ARTICLE_EDITED.encode("utf-8")


# An Arabic report of the same day, right to left.
ARABIC_TITLE = "غارة روسية على حمص تقتل 36 مدنيا بحسب المعارضة السورية"
ARABIC_OUTLET = "أخبار الشرق"
ARABIC_PARAGRAPHS = (
    "قال رئيس الائتلاف الوطني السوري خالد خوجة إن غارة جوية روسية قتلت 36 مدنيا، بينهم خمسة أطفال، "
    "في ريف حمص الشمالي يوم الأربعاء.",
    "وأضاف خوجة في مقابلة مع وكالة فرانس برس على هامش اجتماعات الجمعية العامة للأمم المتحدة في "
    "نيويورك أن جميع الضحايا من المدنيين، وأن المعارضة تسلمت أسماء الضحايا كاملة.",
    "في المقابل، نفى وزير الخارجية الروسي سيرغي لافروف هذه الاتهامات صباح الخميس، ووصفها بأنها عارية "
    "تماما عن الصحة.",
    "وقال الكرملين في بيان إن الضربات استهدفت قائمة معروفة من التنظيمات الإرهابية جرى الاتفاق عليها "
    "مع الحكومة السورية.",
    "ونفذت الطائرات الحربية الروسية غارات في ثلاث محافظات سورية، في أول تدخل عسكري لموسكو خارج "
    "أراضي الاتحاد السوفياتي السابق منذ غزو أفغانستان عام 1979.",
)
ARABIC_NAVIGATION = ("الرئيسية", "أخبار", "رأي", "فيديو")
ARABIC_NEWSLETTER = "اشترك في نشرتنا البريدية لتصلك آخر الأخبار والتحليلات كل صباح"
ARABIC_FOOTER = "جميع الحقوق محفوظة لموقع أخبار الشرق ٢٠١٥"

ARABIC_ARTICLE = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{ARABIC_TITLE} - {ARABIC_OUTLET}</title>
<meta property="og:title" content="{ARABIC_TITLE}">
<meta property="og:site_name" content="{ARABIC_OUTLET}">
<meta property="og:locale" content="ar_AR">
<meta property="article:published_time" content="2015-09-30T21:05:00+03:00">
</head>
<body>
<header><nav>{_menu(ARABIC_NAVIGATION)}</nav></header>
<main>
<article>
<h1>{ARABIC_TITLE}</h1>
<div class="article-body">
{"".join(f"<p>{p}</p>" for p in ARABIC_PARAGRAPHS[:3])}
<aside class="newsletter"><p>{ARABIC_NEWSLETTER}</p>
<form><input type="email"><button>اشترك</button></form></aside>
{"".join(f"<p>{p}</p>" for p in ARABIC_PARAGRAPHS[3:])}
</div>
</article>
</main>
<footer><p>{ARABIC_FOOTER}</p></footer>
</body>
</html>
"""
ARABIC_ARTICLE_BYTES = ARABIC_ARTICLE.encode("utf-8")


# A Russian page in windows-1251 that declares its encoding only in a meta
# tag, as many older Russian sites still do: no charset in the HTTP header.
RUSSIAN_TITLE = "Лавров назвал сообщения о жертвах среди мирных жителей в Хомсе «абсолютно ложными»"
RUSSIAN_OUTLET = "Вестник Ближнего Востока"
RUSSIAN_PARAGRAPHS = (
    "Министр иностранных дел России Сергей Лавров в четверг назвал сообщения о гибели мирных жителей "
    "в сирийской провинции Хомс «абсолютно ложными».",
    "По словам министра, российская авиация наносит удары только по позициям террористической "
    "группировки «Исламское государство» и других экстремистов.",
    "В Кремле заявили, что удары наносятся по заранее согласованному с сирийским правительством списку "
    "террористических организаций.",
    "Глава Национальной коалиции сирийской оппозиции Халед Ходжа ранее сообщил, что в результате "
    "авиаудара погибли 36 мирных жителей, в том числе пятеро детей.",
    "Российские военные самолёты в среду нанесли удары в трёх сирийских провинциях — это первая "
    "военная операция Москвы за пределами бывшего Советского Союза после Афганистана.",
)
RUSSIAN_NAVIGATION = ("Главная", "Политика", "Экономика", "Происшествия")
RUSSIAN_FOOTER = "Все права защищены. Перепечатка материалов разрешена только со ссылкой на источник."

RUSSIAN_ARTICLE = f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="windows-1251">
<title>{RUSSIAN_TITLE} | {RUSSIAN_OUTLET}</title>
<meta property="og:title" content="{RUSSIAN_TITLE}">
<meta property="og:site_name" content="{RUSSIAN_OUTLET}">
<meta name="author" content="Ирина Соколова">
<meta property="article:published_time" content="2015-10-01T11:30:00+03:00">
</head>
<body>
<div id="header" class="menu">{_menu(RUSSIAN_NAVIGATION)}</div>
<div id="content">
<div class="news-item">
<h1>{RUSSIAN_TITLE}</h1>
<div class="news-text">
{"".join(f"<p>{p}</p>" for p in RUSSIAN_PARAGRAPHS)}
</div>
</div>
</div>
<div id="footer"><p>{RUSSIAN_FOOTER}</p></div>
</body>
</html>
"""
RUSSIAN_ARTICLE_BYTES = RUSSIAN_ARTICLE.encode("windows-1251")


# A section front: headlines and links, and no article to extract.
INDEX_HEADLINES = (
    "Russia airstrike on Homs kills 36 civilians: Syria opposition",
    "Russia begins air strikes in Syria after parliament approval",
    "Who is fighting whom in Syria's civil war",
    "Putin and Obama meet at the United Nations over Syria",
    "Refugees reach Greek islands in record numbers",
    "Yemen: Saudi-led coalition strikes Sanaa again",
    "Iraq's Kurds and Baghdad at odds over oil exports",
    "Egypt's parliamentary elections set for October",
)
_TEASERS = "\n".join(
    f'<li><a href="/news/{n}"><h3>{escape(headline)}</h3></a><span class="date">30 September 2015</span></li>'
    for n, headline in enumerate(INDEX_HEADLINES)
)
INDEX_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>News | {OUTLET}</title>
<meta property="og:site_name" content="{OUTLET}">
</head>
<body>
<header><nav>{_menu(NAVIGATION_LINKS)}</nav></header>
<main>
<h1>News</h1>
<ul class="teasers">
{_TEASERS}
</ul>
<a class="more" href="/news?page=2">More news</a>
</main>
<footer><p>© 2015 {OUTLET}</p></footer>
</body>
</html>
"""
INDEX_PAGE_BYTES = INDEX_PAGE.encode("utf-8")


# The pages as a local test server should serve them: path, body, and the
# Content-Type header. The Russian page's header names no charset, so that a
# capture has to find it in the page.
SERVED = {
    "/news/homs-airstrike": (HOMS_ARTICLE_BYTES, "text/html; charset=utf-8"),
    "/ar/homs-airstrike": (ARABIC_ARTICLE_BYTES, "text/html; charset=utf-8"),
    "/ru/lavrov-homs": (RUSSIAN_ARTICLE_BYTES, "text/html"),
    "/news": (INDEX_PAGE_BYTES, "text/html; charset=utf-8"),
}
# The edited article, for serving at the original article's path on the
# second capture ("the outlet changed its story").
SERVED_EDITED = {"/news/homs-airstrike": (HOMS_ARTICLE_EDITED_BYTES, "text/html; charset=utf-8")}

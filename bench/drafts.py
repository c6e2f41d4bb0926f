"""Realistic drafts of a given length for the latency runs, built deterministically from sentences.

Each language has a pool of sentences of the kind people post in a work role: event news,
opinions on the ministry's matters, thanks, travel, the odd phone number or name, hashtags and
links. ``make_draft(lang, length, seed)`` joins sentences drawn with ``random.Random(seed)``
(paragraph breaks now and then) and cuts the result at the last space before ``length``, so a
draft is never longer than asked and at most one word shorter.
"""

from __future__ import annotations

import random

SENTENCES: dict[str, tuple[str, ...]] = {
    "fi": (
        "Huomenna puhun liikenneturvallisuusseminaarissa Tampereella, tulkaa kuuntelemaan!",
        "Mielestäni uusi liikennestrategia on askel oikeaan suuntaan, vaikka rahoitus jäi auki.",
        "Kiitos kaikille eilisen webinaarin osallistujille, kysymyksiä tuli ennätysmäärä.",
        "Raitiotien jatke valmistuu ensi vuonna ja matka-aika lyhenee kymmenen minuuttia.",
        "Lausuntokierros päättyy perjantaina, lausunnot kirjaamo@lvm.fi.",
        "Olipa hieno aamu pyöräillä töihin, Baanalla ei ollut ketään muita.",
        "Tämä on oma näkemykseni, ei ministeriön virallinen kanta.",
        "Junat ovat olleet tällä viikolla ihmeen täsmällisiä, kiitos VR!",
        "Lue lisää: https://www.lvm.fi/ajankohtaista #liikenne #digitalisaatio",
        "Soittakaa minulle numeroon 040 123 4567, jos haluatte lisätietoja kimppakyydistä.",
        "Tapasin eilen Matti Virtasen, joka kertoi uudesta pyörätiehankkeesta.",
        "Mobiiliverkkojen kattavuus on parantunut erityisesti Itä-Suomessa.",
        "Seminaari pidetään 12.3.2027 Eteläesplanadi 16:ssa, ilmoittautuminen on auki.",
        "En ymmärrä, miksi kaikki kokoukset pitää aina pitää maanantaiaamuna.",
        "Huippua, että saavutettavuusdirektiivi on nyt kansallisesti voimassa!",
        "Lähden ensi viikolla lomalle Lappiin, kuulumisia sitten hiihtoladulta.",
        "Kehä I:n remontti alkaa maanantaina, varaa aikaa Leppävaaran kohdalla.",
        "Pasilan asemalla kulki viime vuonna 32 543 000 matkustajaa.",
        "Onnea @liikennevirasto uudesta verkkopalvelusta, se on todella selkeä.",
        "Keskustelu tekoälyn sääntelystä jatkuu, ja siihen kannattaa osallistua.",
    ),
    "sv": (
        "I morgon talar jag på trafiksäkerhetsseminariet i Tammerfors, kom och lyssna!",
        "Enligt mig är den nya trafikstrategin ett steg i rätt riktning, även om finansieringen är öppen.",
        "Tack till alla som deltog i gårdagens webbinarium, vi fick rekordmånga frågor.",
        "Spårvägens förlängning blir klar nästa år och restiden kortas med tio minuter.",
        "Remissrundan slutar på fredag, svaren till kirjaamo@lvm.fi.",
        "Vilken fin morgon att cykla till jobbet, det var helt tomt på cykelbanan.",
        "Det här är min egen åsikt, inte ministeriets officiella ståndpunkt.",
        "Tågen har varit förvånansvärt punktliga den här veckan, tack VR!",
        "Läs mer: https://www.lvm.fi/sv/aktuellt #trafik #digitalisering",
        "Ring mig på 070-123 45 67 om ni vill veta mer om samåkningen.",
        "Jag träffade Anna Lindqvist igår, hon berättade om det nya cykelvägsprojektet.",
        "Mobilnätets täckning har blivit bättre särskilt i östra Finland.",
        "Seminariet hålls den 12 mars 2027 på Södra esplanaden 16, anmälan är öppen.",
        "Jag förstår inte varför alla möten alltid måste vara på måndag morgon.",
        "Toppen att tillgänglighetsdirektivet nu gäller nationellt!",
        "Nästa vecka åker jag på semester till Lappland, hörs från skidspåret.",
        "Ombyggnaden av Ring I börjar på måndag, räkna med köer vid Alberga.",
        "Över 32 543 000 resenärer passerade stationen i fjol.",
        "Grattis @trafikverket till den nya webbtjänsten, den är verkligen tydlig.",
        "Diskussionen om regleringen av artificiell intelligens fortsätter och är värd att delta i.",
    ),
    "en": (
        "Tomorrow I'm speaking at the road safety seminar in Tampere, come and listen!",
        "In my view the new transport strategy is a step in the right direction, though funding is open.",
        "Thanks to everyone who joined yesterday's webinar, we had a record number of questions.",
        "The tram extension will be ready next year and cut the journey by ten minutes.",
        "The consultation closes on Friday, comments to kirjaamo@lvm.fi.",
        "What a lovely morning to cycle to work, the cycle path was completely empty.",
        "This is my own view, not the ministry's official position.",
        "Trains have been surprisingly punctual this week, well done VR!",
        "Read more: https://www.lvm.fi/en/news #transport #digitalisation",
        "Call me on 07700 900123 if you want to know more about the car share.",
        "I met Sarah Collins yesterday, she told me about the new cycle route project.",
        "Mobile coverage has improved especially in eastern Finland.",
        "The seminar is on 12 March 2027 at Eteläesplanadi 16, registration is open.",
        "I don't understand why every meeting has to be on a Monday morning.",
        "Great that the accessibility directive now applies nationally!",
        "Next week I'm off on holiday to Lapland, will report from the ski track.",
        "Roadworks on Ring I start on Monday, allow extra time near Leppävaara.",
        "Over 32,543,000 passengers used the station last year.",
        "Congratulations @transportagency on the new web service, it's really clear.",
        "The debate on regulating artificial intelligence goes on, and it is worth joining.",
    ),
}

LENGTHS = (50, 280, 2000, 20000)
LANGS = ("fi", "sv", "en")


def make_draft(lang: str, length: int, seed: int) -> str:
    """A draft of at most ``length`` characters (at most one word shorter), the same for the same seed."""
    rng = random.Random(f"{lang}-{length}-{seed}")
    pool = SENTENCES[lang]
    parts: list[str] = []
    size = 0
    while size <= length:
        sentence = rng.choice(pool)
        sep = "" if not parts else ("\n\n" if rng.random() < 0.15 else " ")
        parts.append(sep + sentence)
        size += len(sep) + len(sentence)
    text = "".join(parts)[: length + 1]
    cut = text.rfind(" ", 0, length + 1)
    return (text[:cut] if cut > length // 2 else text[:length]).rstrip()


def drafts(lang: str, length: int, count: int) -> list[str]:
    """``count`` different drafts of one language and length."""
    return [make_draft(lang, length, seed) for seed in range(count)]


def adversarial_drafts(n: int = 20_000) -> dict[str, str]:
    """Drafts of ``n`` code units built to make patterns and tokenizers backtrack or split long runs:
    the regex-safety tests (tests/test_regex_safety.py) and ``make bench`` both use these."""
    return {
        "letters": "a" * n,
        "capitals": "A" * n,
        "digits": "1" * n,
        "digits and spaces": "1 " * (n // 2),
        "digits and dashes": "12-" * (n // 3),
        "hyphenated words": "ab-" * (n // 3),
        "finnish letters": "ä" * n,
        "at signs and dots": "a@b." * (n // 4),
        "url-like": "http://" + "a." * ((n - 7) // 2),
        "backslashes": "\\\\a" * (n // 3),
        "exclamations": "!" * n,
        "spaces": " " * n,
        "newlines": "\n" * n,
        "colons": "a:" * (n // 2),
        "classification-like": "TL " * (n // 3),
        "iban-like": "FI" + "1 " * ((n - 2) // 2),
        "card-like": "4" + " 1" * ((n - 1) // 2),
        "words": "salasana ministeriö " * (n // 20),
        "capital words": "Matti Virtanen " * (n // 15),
        "mixed": "Aa1-@.:/ " * (n // 9),
    }


TYPING_STEP = 10  # characters typed between two checks


def typing_session(text: str, phase: int = 0) -> list[str]:
    """What the service sees while ``text`` is typed: a check every TYPING_STEP characters (the first
    after ``phase`` + TYPING_STEP characters, so that sessions of one draft differ), then the whole."""
    return [text[:i] for i in range(TYPING_STEP + phase % TYPING_STEP, len(text), TYPING_STEP)] + [text]


def typing_workload(sessions: int, length: int = 280) -> list[str]:
    """Drafts of ``length`` characters typed one after another (fi, sv and en in turn), each session
    a different draft or a different phase of its steps: the checks in the order they arrive."""
    out: list[str] = []
    for s in range(sessions):
        lang = LANGS[s % len(LANGS)]
        out.extend(typing_session(make_draft(lang, length, 1000 + s // len(LANGS)), phase=s))
    return out

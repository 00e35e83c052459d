"""Deterministic crisis detection, shared by the bot's NLU component and the webchat.

Pure Python (no Rasa import) so the webchat can use it when Rasa is down. Patterns run on
normalised text (lowercase, no diacritics or punctuation), so "m'n" arrives as "m n".
Order matters: suicide before child before acute, because the first help line differs.
"""

from __future__ import annotations

import re
from typing import Literal

from content.text import normalise

CrisisKind = Literal["acute", "suicide", "child"]

_W = r"(?:\w+ ){0,3}"  # up to three words in between
_MY = r"(?:mijn|m n|mn|me|my)"
_ME = r"(?:me|mij|ons|us)"
_NOW = r"(?:nu|nou|op dit moment|nu meteen|net|zojuist|zonet|right now|now)"
_HIT = (
    r"(?:slaat|slaan|schopt|trapt|wurgt|knijpt|steekt|mishandelt|mishandeld|bedreigt|duwt|"
    r"sleurt|bijt|smijt|gooit|aanvalt|valt|stompt|meppen|mept)"
)
_RELATIVE = (
    r"(?:papa|pappa|pap|mama|mamma|mam|vader|moeder|stiefvader|stiefmoeder|stiefpapa|"
    r"stiefmama|stiefbroer|opa|oma|oom|tante|broer|zus|neef|oppas|ouders|dad|daddy|mom|mommy|mum|father|"
    r"mother|stepdad|stepfather|stepmother|uncle|grandpa|parents)"
)
# What a child says was done to them (always with "me/mij": "een kind ... misbruikt" is a
# professional's question, not a disclosure).
_DONE_TO_ME = (
    r"(?:(?:slaat|schopt|trapt|knijpt|betast|misbruikt|mishandelt) (?:\w+ )?(?:me|mij)|"
    r"(?:me|mij) (?:slaat|schopt|aanraakt|betast|misbruikt|pijn doet)|"
    r"doet (?:me|mij) (?:\w+ ){0,2}pijn|(?:me|mij) (?:\w+ ){0,3}pijn gedaan|"
    r"geeft (?:me|mij) (?:\w+ )?(?:schoppen|klappen|slaag|een pak slaag)|"
    r"zit (?:\w+ )?aan (?:me|mij)\b|raakt (?:me|mij) aan|in mijn bed|"
    r"doet (?:\w+ ){0,2}dingen (?:bij|met) (?:me|mij)|"
    r"(?:sluit|sluiten) (?:me|mij) op|krijg (?:\w+ )?geen eten|"
    r"(?:slaat|schopt|mept) (?:hij|ze|zij) (?:ons|me|mij)|"
    r"geeft (?:ons|me|mij) (?:\w+ ){0,2}geen eten|"
    r"heeft (?:me|mij) (?:\w+ ){0,4}(?:geduwd|geslagen|geschopt|pijn gedaan)|"
    r"heeft (?:mijn|m n) (?:arm|been|neus|pols|vinger|rib) (?:\w+ )?gebroken|"
    r"dwingt (?:me|mij) (?:\w+ ){0,4}(?:seks|dingen|naakt\w*)|"
    r"stuurt (?:me|mij) (?:\w+ ){0,2}(?:vieze|seksuele|naakt)|voelt (?:\w+ )?aan (?:me|mij)|"
    r"aan (?:me|mij) (?:zitten|zit|voelt|voelen)|(?:me|mij) in elkaar|"
    r"(?:abuses|hurts|touches|hits|beats|burns|kicks|slaps|chokes) me)"
)
_CHILD_AGE = (
    r"(?:\b(?:ik ben|ben) (?:pas |nog maar |nog |net )?(?:[4-9]|1[0-7]|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|"
    r"veertien|vijftien|zestien|zeventien)\b|ik ben een kind\b|ik zit in groep [1-8]|\bgroep [1-8]\b|brugklas|havo|vmbo|vwo|middelbare school|basisschool|"
    r"(?:i am|i m|im) (?:[4-9]|1[0-7])\b)"
)
_HARM_WORDS = (
    r"(?:geslagen|slaat|sloeg|slaan|mishandeld|misbruikt|misbruik|betast|pijn|blauw|"
    r"schopt|geschopt|trouwen|trouw|trekt|vermoordt|besnijden|besneden|uithuwelijken|opgesloten|dwingt|geen eten|nooit eten|abuse|"
    r"abuses|hit|hits|hurt|klappen|slaag|naaktfoto\w*|no food|alone for days)"
)

_PATTERNS: dict[CrisisKind, list[str]] = {
    "suicide": [
        r"zelf ?moord (?:plegen|pleeg|doen|is de)",
        r"pleeg (?:\w+ )?zelfmoord",
        r"zelf doden",
        rf"\bik {_W}(?:wil|wou|ga|zou willen|wil gewoon) {_W}(?:dood|sterven)\b",
        r"\bdood (?:wil|willen|gaan)\b",
        r"\bwil (?:\w+ )?sterven",
        r"(?:wil|willen|hoef|hoeven) (?:\w+ )?niet meer (?:te )?(?:leven|verder(?! met)|bestaan|"
        r"wakker)",
        r"niet meer (?:willen )?(?:leven|leve|bestaan)\b",
        r"\bnie? meer leve?n?\b",
        r"niet (?:\w+ )?verder (?:te )?leven",
        r"stoppen met leven",
        r"liever dood",
        r"zie het (?:\w+ )?niet meer zitten",
        r"leven (?:heeft|is) (?:\w+ )?(?:geen zin|zinloos)",
        r"voorgoed (?:verdwijnen|weg)",
        r"voor (?:de|een) trein",
        r"waarom (?:zou|moet) ik nog (?:leven|verder)",
        r"het hoeft (?:voor mij )?(?:allemaal )?niet meer",
        r"manier om (?:te sterven|dood te gaan|er een eind)",
        r"pillen (?:\w+ ){0,4}dood",
        r"wil (?:er )?(?:\w+ )?niet? meer zijn",
        r"\b(?:wil|wou) ik (?:\w+ ){0,2}(?:dood|sterven)\b",
        r"(?:maak|maken) (?:ik|we) er (?:\w+ )?een eind",
        r"denk (?:\w+ ){0,2}(?:om te springen|te springen)",
        r"(?:parkeergarage|flat|brug|dak|balkon)\b.*\bspringen",
        r"(?:bonk|bonken|sla|slaan) (?:\w+ ){0,2}hoofd (?:\w+ ){0,2}tegen de muur",
        r"\bik er (?:\w+ )?niet meer (?:ben|zou zijn|zijn)",
        r"(?:een )?eind(?:e)? aan (?:mijn|m n|mn|me|het) leven",
        r"eind(?:e)? aan alles",
        r"er een eind(?:e)? aan (?:maken|te maken|breien)",
        r"er (?:\w+ ){0,2}een eind(?:e)? aan (?:maak|maken)",
        r"uit dit leven",
        r"(?:mezelf|mijzelf) (?:\w+ ){0,3}(?:van kant|iets aan|dood|ombrengen|om te brengen|"
        r"om het leven|doden|ophangen|te doden|pijn doen)",
        r"van kant maken",
        r"leven beeindigen",
        r"uit het leven (?:stappen|gaan)",
        r"niet meer wakker (?:worden|te worden)",
        r"geen zin meer in (?:het|mijn) leven",
        r"(?:geen|niet) (?:\w+ ){0,2}reden (?:meer )?om (?:\w+ )?(?:door te gaan|te leven|"
        r"verder te gaan)",
        r"(?:sta|zit|ben|loop) (?:\w+ ){0,2}(?:bij|op|langs) het spoor",
        r"(?:van|vanaf|op) (?:een|de|het) (?:flat|brug|dak|balkon) (?:\w+ ){0,2}(?:springen|spring)",
        r"(?:alle|al mijn|een hoop|veel|te veel|een doos|een strip) (?:\w+ ){0,3}(?:pillen|"
        r"medicijnen|tabletten|slaappillen) (?:\w+ ){0,3}(?:ingenomen|geslikt|innemen|slikken)",
        r"(?:pillen|medicijnen|tabletten|paracetamol|slaappillen|oxazepam) (?:\w+ ){0,3}"
        r"(?:ingenomen|geslikt|genomen|klaargelegd|klaar gelegd|klaarliggen|verzameld|gespaard)",
        r"nooit meer wakker",
        r"afscheidsbrie", r"laatste bericht", r"(?:mijn|mn|m n) afscheid",
        r"afscheid (?:genomen|nemen) van", r"spullen weggegeven",
        r"denk (?:\w+ ){0,2}aan (?:de|het) (?:brug|spoor|trein)", r"(?:mijn|mn|m n) plan is klaar",
        r"niemand (?:\w+ ){0,2}(?:me|mij) (?:\w+ )?missen", r"ben ik er niet meer",
        r"see the point anymore", r"pills in my hand",
        r"beter af zonder (?:mij|me)\b",
        r"van het leven beroven",
        r"(?:maak|maken) er (?:\w+ ){0,2}een eind(?:e)? aan",
        r"het heeft (?:\w+ )?geen zin meer",
        r"(?:stop|stoppen) (?:er ?mee )?voorgoed",
        r"touw (?:\w+ ){0,2}(?:gekocht|klaar)",
        r"\bstrop\b",
        r"overdosis",
        r"(?:snijd|snij|kras|beschadig) (?:\w+ )?(?:mezelf|mijzelf)",
        r"\b(?:polsen|pols) (?:\w+ ){0,3}(?:bloed\w*|gesneden|snijden|opengesneden)",
        r"leven (?:\w+ )?geen zin",
        r"(?:cutting|cut|harming|harm) myself",
        r"(?:i m|im|i am) ending it", r"ending it tonight",
        r"kill myself",
        r"end my life",
        r"end it all",
        r"ending it all",
        r"end it tonight",
        r"(?:going to|gonna) end it",
        r"(?:want|wanna) to die",
        r"wanna die",
        r"take my (?:own )?life",
        r"(?:don t|dont|do not) want to (?:live|be alive)",
        r"not worth living",
        r"better off dead",
        r"hurt myself",
        r"suicidal thoughts",
    ],
    "child": [
        rf"\b{_RELATIVE}\b.*\b{_DONE_TO_ME}",
        rf"\b{_HIT} (?:{_MY} )?{_RELATIVE} (?:me|mij|ons)\b",
        r"krijg (?:\w+ ){0,2}(?:klappen|slaag|schoppen) (?:\w+ ){0,2}(?:van (?:mijn|m n) )?"
        r"(?:ouders|vader|moeder|papa|mama)",
        r"krijg thuis (?:\w+ )?(?:klappen|slaag|geen eten)",
        r"krijg (?:\w+ ){0,3}geen eten", r"s nachts (?:\w+ ){0,2}op (?:mijn|mn|m n) kamer",
        r"moet ik dingen doen die ik niet wil",
        r"(?:zien|ziet) (?:\w+ ){0,2}(?:mijn|mn|m n) (?:blauwe )?plekken",
        r"\bik (?:[4-9]|1[0-7]) (?:word|ben|krijg)\b",
        rf"(?:word|wordt) (?:\w+ ){{0,2}}door {_MY} {_RELATIVE} (?:\w+ ){{0,3}}(?:geslagen|geschopt|"
        r"mishandeld|misbruikt|pijn gedaan|opgesloten)",
        rf"ik (?:\w+ )?blauwe plekken (?:heb|krijg).*\b{_RELATIVE}\b",
        r"(?:mama|papa|mijn moeder|mijn vader|mn moeder|mn vader) is (?:al )?(?:\w+ ){0,2}dagen weg",
        r"(?:er is|we hebben|we krijgen) (?:\w+ )?geen eten", r"bang om naar huis",
        rf"blauwe plekken van {_MY} {_RELATIVE}",
        rf"\b{_RELATIVE} en {_RELATIVE} (?:\w+ ){{0,3}}vechten",
        rf"{_MY} {_RELATIVE} (?:\w+ ){{0,2}}heeft (?:mama|mijn moeder|papa|mijn vader) (?:\w+ )?"
        r"(?:geslagen|geschopt|pijn gedaan)",
        rf"\b{_MY} {_RELATIVE} {_W}{_HIT} {_W}{_MY} (?:mama|moeder|papa|vader|mam|pap|broertje|"
        r"zusje|mom|mum|dad)",
        rf"{_CHILD_AGE}.*\b{_HARM_WORDS}\b",
        rf"\b{_HARM_WORDS}\b.*{_CHILD_AGE}",
        r"\bik (?:word|wordt) thuis (?:\w+ ){0,2}(?:geslagen|geschopt|mishandeld|misbruikt|"
        r"pijn gedaan)",
        r"\bthuis (?:\w+ ){0,2}(?:slaan ze|slaat hij|slaat ze) (?:me|mij)",
    ],
    "acute": [
        rf"\b{_HIT} {_W}{_ME} {_W}{_NOW}\b",
        rf"\b{_NOW} {_W}{_HIT} {_W}{_ME}\b",
        rf"\b(?:hij|zij|ze|mijn \w+|m n \w+|mn \w+) {_HIT} (?:me|mij)\b",
        rf"\b(?:hij|zij|ze) {_HIT} (?:haar|hem)\b",
        r"(?:is|zijn) (?:me|mij|ons) (?:\w+ ){0,3}aan het (?:slaan|schoppen|wurgen|steken|mishandelen|"
        r"aanvallen|bedreigen|stikken)",
        r"\bblijft (?:\w+ )?(?:slaan|schoppen|trappen|steken)",
        rf"\bik (?:word|wordt) {_NOW} {_W}(?:geslagen|geschopt|gewurgd|mishandeld|bedreigd|"
        r"aangevallen|gestoken)",
        r"(?:heeft|hebben) (?:me|mij) (?:\w+ ){0,2}(?:net|zojuist|zonet) (?:\w+ ){0,3}(?:geslagen|"
        r"geschopt|gewurgd|gestoken|mishandeld|pijn gedaan|tegen de grond)",
        r"\b(?:met|heeft|pakt|pakte|houdt|zwaait|with|has) (?:\w+ )?(?:een|a|zijn|his|her|het) "
        r"(?:mes|pistool|wapen|vuurwapen|geweer|bijl|knuppel|honkbalknuppel|hamer|schaar|knife|gun|"
        r"weapon)",
        r"(?:gaat|wil|zal|dreigt) (?:\w+ ){0,3}(?:vermoorden|doodmaken|dood maken|doodsteken|"
        r"doodschieten)",
        # "afmaken" also means finishing a form or a quiz: only with a person as object.
        r"(?:gaat|wil|zal|dreigt) (?:\w+ ){0,2}(?:me|mij|ons|je|jou|haar|hem|mama|papa|"
        r"(?:mijn|m n|mn) \w+) (?:\w+ )?afmaken",
        r"\b(?:me|mij|ons|je|jou|haar|hem) (?:\w+ )?(?:gaat|wil|zal|komt) afmaken",
        r"dreigt (?:\w+ ){0,3}af te maken",
        r"dreigt (?:\w+ ){0,3}(?:te )?(?:schieten|steken|vermoorden|doden)",
        r"(?:vermoordt|vermoord|doodt) (?:me|mij|ons)",
        r"(?:me|mij|ons) (?:\w+ )?(?:vermoordt|vermoord|doodmaakt|afmaakt)",
        r"\bik ben (?:\w+ )?niet veilig",
        r"typ (?:dit )?stiekem",
        r"dreigt (?:\w+ ){0,3}iets aan te doen",
        r"(?:sturen|brengen|nemen) (?:me|mij) (?:\w+ ){0,4}(?:buitenland|om te trouwen)",
        r"(?:wordt|worden) (?:\w+ ){0,2}(?:nu|op dit moment) (?:\w+ ){0,2}(?:mishandeld|geslagen)",
        r"vastgebonden|vastgeketend",
        r"(?:wordt|worden) vermoord",
        r"probeert (?:me|mij|ons) (?:\w+ )?te (?:wurgen|slaan|vermoorden|steken|doden|verstikken)",
        rf"\b{_HIT} (?:\w+ ){{0,2}}(?:op dit moment|nu)\b",
        r"blokkeert (?:de|mijn) (?:deur|uitgang)",
        r"politie nodig",
        r"trekt (?:\w+ )?aan (?:mijn|m n) haar",
        rf"\ben {_HIT} (?:me|mij)\b",
        r"gaat (?:me|mij|ons) (?:\w+ )?(?:slaan|pijn doen|vermoorden|iets aandoen)",
        r"not safe",
        r"going to hurt (?:me|us)",
        r"\bik krijg (?:\w+ ){0,2}(?:klappen|slaag|schoppen)\b",
        r"ik (?:word|wordt) (?:\w+ ){0,2}(?:opgesloten|geslagen|mishandeld|misbruikt)",
        r"(?:sloeg|schopte|wurgde|duwde|stak) (?:me|mij) (?:\w+ ){0,2}(?:net|zojuist|zonet)",
        r"dat (?:hij|zij|ze) (?:terugkomt|terug komt)",
        r"(?:zit|ben|zitten) (?:\w+ ){0,3}(?:opgesloten|verstopt)",
        r"deur (?:\w+ )?(?:in|kapot|open) (?:te )?(?:trappen|slaan|breken|rammen|trapt)",
        r"(?:zoekt|achtervolgt|volgt) (?:me|mij|ons)\b",
        r"(?:binnengekomen|binnengedrongen|ingebroken)",
        r"(?:hoor|zie) (?:\w+ ){0,6}om hulp",
        r"(?:hoor|zie) .*\b(?:nu|op dit moment)\b",
        r"gooit (?:\w+ ){0,3}naar (?:me|mij|ons)",
        r"(?:nu|meteen|direct|snel) (?:\w+ )?hulp nodig",
        r"dreigt (?:me|mij|ons) (?:\w+ ){0,2}met",
        r"kan (?:nu )?niet (?:praten|bellen)\b(?! met)",
        r"(?:hij|zij|ze) is in (?:de|het) (?:kamer|huis|gang|tuin)",
        r"huis uit ?(?:geslagen|geschopt|gegooid)",
        r"uitgeslagen",
        r"laat (?:me|mij) niet (?:gaan|weg|los)",
        r"houdt (?:me|mij) vast",
        r"in brand (?:steken|steekt|te steken)",
        r"\bbenzine\b",
        r"dwingt (?:me|mij) (?:\w+ ){0,4}seks",
        r"outside (?:the|my|our) (?:door|house|window)",
        r"(?:me|mij|ons) (?:\w+ ){0,4}iets (?:willen |gaan )?aan(?:doen|doet| te doen)",
        r"\bstaat (?:\w+ ){0,3}(?:voor|aan|bij) (?:de|mijn|m n|onze) deur",
        r"\bstaat (?:\w+ ){0,2}(?:buiten|beneden|in de gang|in de tuin) (?:\w+ ){0,2}"
        r"(?:te wachten|op me|op mij|met)",
        r"(?:bonkt|bonst|ramt|trapt|beukt|slaat|schopt) (?:\w+ ){0,3}(?:op|tegen|in) (?:de|mijn|onze) "
        r"(?:deur|ramen|raam)",
        r"(?:slaat|trapt|ramt|breekt) (?:\w+ ){0,2}deur (?:\w+ )?(?:kapot|in|open)",
        r"probeert (?:\w+ )?binnen te komen",
        r"breekt (?:\w+ ){0,2}(?:binnen|de deur)",
        r"(?:rijdt|loopt|rent|komt|zit) (?:\w+ ){0,2}achter (?:me|mij|ons) aan",
        r"\b(?:hij|ie|zij|ze) (?:is|komt) (?:\w+ )?(?:hier|eraan|er aan|binnen|terug)\b",
        r"\b(?:is|zijn) (?:\w+ ){0,2}(?:nu|op dit moment) aan het vechten",
        r"\bik hoor (?:\w+ ){0,3}(?:gillen|gillend|gegil)\b",
        r"\bik ben (?:nu |hier )?(?:in )?(?:acuut |levens)?gevaar",
        r"\bacuut gevaar",
        r"\blevensgevaar",
        r"\bik ben niet veilig",
        r"niet veilig (?:nu|op dit moment)",
        r"\bdoodsbang\b",
        r"\bte lijf\b",
        r"om hulp (?:roepen|roept|schreeuwen|schreeuwt|gillen|gilt)",
        r"\bik (?:ben|heb) (?:me )?(?:net |zojuist )?(?:gevlucht|verstopt)",
        r"(?:kan|kom) (?:er |hier )?niet (?:meer )?(?:weg|uit|naar buiten)",
        r"durf (?:\w+ ){0,3}niet (?:uit|naar buiten|naar huis)", r"\bik bloed\b",
        r"maak (?:ik )?(?:je|jou) af", r"staat (?:nu )?naast (?:me|mij)", r"dat ik (?:\w+ )?dood ben",
        r"(?:hij|zij|ze) is (?:nog )?(?:hier|binnen)\b", r"roept (?:\w+ ){0,2}om hulp",
        r"harde klappen",
        r"\b(?:is|zijn) (?:\w+ ){0,3}aan het (?:slaan|schoppen|wurgen|steken|mishandelen|aanvallen)",
        r"(?:wurgt|wurgde) (?:me|mij)",
        r"knijpt (?:mijn|m n|mn) keel",
        r"krijg geen lucht",
        r"(?:sluit|sloot|heeft) (?:me|mij|ons) (?:\w+ ){0,4}opgesloten",
        r"sluit (?:me|mij) op",
        r"(?:heb|ben) (?:me|mij|mezelf) (?:\w+ ){0,3}opgesloten",
        r"bang dat (?:hij|zij|ze) (?:me|mij|ons) (?:\w+ ){0,3}(?:vermoordt|doodmaakt|dood maakt|"
        r"iets aandoet|vermoorden)",
        rf"\bhelp+ (?:\w+ ){{0,3}}(?:hij|zij|ze) (?:{_HIT}|staat|heeft|is binnen|is hier)",
        r"(?:is|are|s|keeps) (?:hitting|beating|choking|attacking|strangling|stabbing|"
        r"threatening|hurting|kicking) (?:me|us|my)",
        r"(?:going to|gonna|will|wants to|trying to) kill (?:me|us|my)",
        r"\bin danger\b",
        r"outside my door",
        r"trying to (?:get|break) in",
        r"can t breathe",
        r"locked me (?:up|in)",
        r"(?:following|chasing|stalking) me", r"(?:got|has|holding|with) (?:a|his|her) (?:knife|gun|weapon)",
        r"\bverstop(?:pen)? (?:me|mij)\b|(?:me|mij) aan het verstoppen",
        r"(?:knijpt|kneep|knepen) (?:\w+ ){0,2}keel",
        r"(?:begonnen|begint) (?:\w+ )?met (?:slaan|schoppen|gooien|slopen|trappen)",
        r"gaat (?:\w+ )?los op (?:me|mij|ons)", r"bloed uit (?:mijn|me|mn|m n) (?:neus|mond|hoofd)",
        r"(?:we|wij) (?:\w+ )?(?:samen )?(?:doodgaan|dood gaan)",
        r"komt (?:\w+ )?(?:de trap op|naar boven)", r"kan nergens (?:heen|naartoe)",
        r"kom (?:me|mij) (?:\w+ )?halen",
        r"(?:contactverbod|straatverbod|huisverbod)\b.*\b(?:staat|is|zit|komt) (?:\w+ )?(?:nu|hier|voor)",
        r"slaat (?:alles|de boel|het huis) (?:\w+ )?kapot|(?:sloopt|vernielt) (?:alles|het huis)",
    ],
}
# A bare mention of suicide counts, unless the message is plainly a knowledge question about
# others ("hoe vaak komt zelfmoord voor", "signalen van suïcidaliteit bij cliënten").
_SUICIDE_WORD = re.compile(r"zelfmoor|zelfmord|zelmoord|zelfmoort|suicid|zelfdoding")
_ABOUT_OTHERS = re.compile(
    r"\b(?:hoe vaak|hoeveel|verband|signalen|cijfers|wat is|wat zijn|iemand|een kind|leerling|"
    r"client|cliente|patient|slachtoffers|risico|onderzoek|statistiek|komt .* voor|vroeger|"
    r"lang geleden|jaren geleden|project|hulplijn\w*|per jaar|collega|hoe herken\w*|herkennen|"
    r"mensen met|folder|what is|rate|how many|ondersteun|helpen bij|medewerker|"
    r"toen ik|als kind|jaar geleden|risicofactor\w*|film|serie|boek|nieuws|krant|poging gedaan)\b|preventie"
)

# Idioms and jokes that use the words of a crisis without one.
_NOT_MEANT = re.compile(
    r"dood van (?:het lachen|de honger|verveling|schaamte)|suicide squad|in de voet|"
    r"\bhaha+\b|\blol\b|grapje|escape ?room|"
    r"\bin (?:dat|het|die|de|een) (?:spel|game|film|boek|serie|thriller|verhaal)\b"
)

# Violence told as the past ("mijn vader sloeg me vroeger") is no emergency now, unless the
# message says it goes on or names danger in the present tense. (Suicidal thoughts always count.)
_PAST = re.compile(r"\bvroeger\b|(?:jaren|jaar|maanden) geleden|toen ik (?:klein|jong|kind|\w+ jaar)|"
                   r"\bals kind\b|years ago|when i was")
_STILL = re.compile(r"\b(?:nu|nou|nog steeds|nog altijd|weer|vandaag|vannacht|now|still|again|"
                    r"staat|komt|zit|slaat|schopt|dreigt|volgt|zoekt|bonkt|help)\b")

_COMPILED = {kind: [re.compile(p) for p in patterns] for kind, patterns in _PATTERNS.items()}


def detect_crisis(text: str) -> CrisisKind | None:
    """The kind of crisis a message discloses, or None."""
    normalised = normalise(text)
    if not normalised:
        return None
    if _NOT_MEANT.search(normalised):
        return None
    if _SUICIDE_WORD.search(normalised) and not _ABOUT_OTHERS.search(normalised):
        return "suicide"
    told_as_past = bool(_PAST.search(normalised)) and not _STILL.search(normalised)
    for kind, patterns in _COMPILED.items():
        if kind != "suicide" and told_as_past:
            continue
        if any(p.search(normalised) for p in patterns):
            return kind
    return None


def is_not_a_disclosure(text: str) -> bool:
    """A question about others, the past, media, or a joke: the model's crisis guess is
    overruled only for these (a lexicon match never is)."""
    normalised = normalise(text)
    return bool(_ABOUT_OTHERS.search(normalised) or _NOT_MEANT.search(normalised))


# Help-line messages used when the bot cannot answer (Rasa or the action server is down) and as
# the action's last resort. Numbers are checked facts (see content/help/help.yaml sources).
FALLBACK_MESSAGES = {
    "nl": {
        "acute": "Ben je nu in gevaar? Bel direct 112.",
        "suicide": "Denk je aan zelfdoding? Bel gratis 113 via 0800-0113 of chat op 113.nl. "
        "Dag en nacht. Bij direct gevaar: bel 112.",
        "child": "Ben je een kind en gebeurt er thuis iets wat niet goed voelt? Bel gratis de "
        "Kindertelefoon: 0800-0432. Ben je nu in gevaar? Bel 112.",
        "default": "Bel 112 als iemand nu in gevaar is. Voor advies of hulp bij huiselijk geweld: "
        "bel Veilig Thuis, gratis en dag en nacht: 0800-2000.",
    },
    "en": {
        "acute": "Are you in danger right now? Call 112 immediately.",
        "suicide": "Are you thinking about suicide? Call 113 free of charge on 0800-0113 or chat "
        "at 113.nl, day and night. In immediate danger: call 112.",
        "child": "Are you a child and is something happening at home that does not feel right? "
        "Call the Kindertelefoon for free: 0800-0432. In danger right now? Call 112.",
        "default": "Call 112 if someone is in danger right now. For advice or help with domestic "
        "violence: call Veilig Thuis, free and 24/7: 0800-2000.",
    },
}

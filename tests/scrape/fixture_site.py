"""A fixture website in the style of a Swedish Sitevision municipality, served on 127.0.0.1.

All text here is invented for the tests. The site has a paginated news listing, an
RSS feed, a sitemap, robots.txt with a disallowed path and a Crawl-delay, and pages
that misbehave: 429 with Retry-After, 500 then success, a response slower than the
timeout, an ISO-8859-1 page labelled UTF-8, a redirect loop, an oversized body,
broken markup and a link to a PDF. Pages answer conditional requests (ETag and
Last-Modified) with 304.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARCHIVE = "/nyhetsarkiv/nyhetsarkiv/"
LISTING = "/kommun-och-politik/press-och-kommunikation/nyheter"
LAST_MODIFIED = "Tue, 05 Mar 2024 08:00:00 GMT"
PAGE_SIZE = 4


@dataclass
class Article:
    slug: str
    title: str
    lead: str
    paragraphs: list[str]
    caption: str = ""
    date_style: str = "text"  # text | time | meta | jsonld
    published: str = ""       # ISO date; the slug starts with it

    def __post_init__(self) -> None:
        self.published = self.slug[:10]


ARTICLES = [
    Article(
        "2024-03-12-ny-forskola-i-norrby",
        "Ny förskola i Norrby öppnar i augusti",
        "Förskolan Ekorren får plats för 120 barn och byggs i trä.",
        ["Bygget av förskolan Ekorren i Norrby är nästan klart. Huset har sex avdelningar och "
         "en stor gård med äppelträd som sparades när tomten planerades.",
         "– Vi har lyssnat på föräldrarna och på personalen. Gården var det viktigaste för "
         "dem, säger Åsa Lindqvist (S), ordförande i utbildningsnämnden.",
         "Ansökan till förskolan görs i e-tjänsten från den 1 april."],
        caption="Fr v: Åsa Lindqvist, ordförande i utbildningsnämnden, och Örjan Berg, "
                "förskolechef vid Testkommunen.",
        date_style="text",
    ),
    Article(
        "2024-03-08-samarbete-med-hogskolan",
        "Kommunen och högskolan inleder samarbete om ungas hälsa",
        "Ett treårigt forskningsprojekt ska följa hur unga i kommunen mår.",
        ["Testkommunen och Södra högskolan har skrivit under en avsiktsförklaring om ett "
         "gemensamt projekt. Forskarna ska intervjua elever i årskurs nio och gymnasiet.",
         "Projektet leds av Karin Öst, docent i folkhälsovetenskap vid Södra högskolan. "
         "Resultaten ska användas när kommunen planerar fritidsverksamhet.",
         "– Vi vill veta vad som gör skillnad på riktigt, säger Karin Öst."],
        caption="Karin Öst, docent vid Södra högskolan. Foto: Lena Ström",
        date_style="time",
    ),
    Article(
        "2024-03-01-budget-for-2025",
        "Kommunfullmäktige antog budget för 2025",
        "Skatten blir oförändrad och skolan får mest av de nya pengarna.",
        ["Kommunfullmäktige röstade på torsdagskvällen igenom budgeten efter en lång debatt. "
         "Oppositionen lade ett eget förslag med sänkt skatt som föll.",
         "Skolan får 40 miljoner kronor mer än i år. Äldreomsorgen och kulturskolan får "
         "också ökade anslag medan lokalkostnaderna ska minska.",
         "Budgeten gäller från den 1 januari."],
        date_style="meta",
    ),
    Article(
        "2024-02-27-vinterns-snorojning",
        "Så går snöröjningen till i vinter",
        "Gång- och cykelvägar till skolor röjs först när det snöar mer än fem centimeter.",
        ["Kommunen har ett nytt avtal med två entreprenörer som ska röja snö på gator, "
         "gångvägar och busshållplatser. Avtalet gäller i tre år.",
         "Har du synpunkter på snöröjningen kan du lämna dem i felanmälan på webben. "
         "Där ser du också vilka vägar som sköts av Trafikverket.",
         "Frågor besvaras av kommunens kontaktcenter på vardagar."],
        date_style="jsonld",
    ),
    Article(
        "2024-02-20-biblioteket-har-oppet",
        "Biblioteket i centrum har öppet längre",
        "Från mars har biblioteket öppet till klockan 21 på vardagar.",
        ["De längre öppettiderna är ett försök under ett år. Biblioteket har fått pengar "
         "för att anställa två bibliotekarier till och för att ordna läxhjälp på kvällarna.",
         "– Många unga saknar en lugn plats att plugga på, säger bibliotekschefen Maja Ek.",
         "Läxhjälpen är gratis och kräver ingen anmälan."],
        caption="Maja Ek är bibliotekschef i Testkommunen.",
        date_style="text",
    ),
    Article(
        "2024-02-15-nya-cykelvagar",
        "Tre nya cykelvägar byggs i sommar",
        "Cykelvägarna knyter ihop stadsdelarna med stationen.",
        ["Arbetet börjar i maj och ska vara klart före skolstarten. Under bygget leds "
         "trafiken om och vissa busshållplatser flyttas tillfälligt.",
         "Cykelvägarna är breda nog för både cyklar och gående och får belysning hela vägen. "
         "Projektet har fått bidrag från staten.",
         "Kartor över omledningarna finns på kommunens webbplats."],
        date_style="time",
    ),
]

#: Pages that misbehave, in the listing after the good articles.
LATIN1 = "2024-02-10-latin1-sida"
TOO_MANY = "2024-02-09-fullbokat"
FLAKY = "2024-02-08-serverfel"
SLOW = "2024-02-07-langsam"
LOOP = "2024-02-06-omdirigering"
HUGE = "2024-02-05-stor-sida"
BROKEN = "2024-02-04-trasig-markup"
PDF = "2024-02-03-bilaga"
DISALLOWED_PATH = "/nyhetsarkiv/intern/2024-02-02-hemlig-nyhet"
FEED_ONLY = "2024-01-20-bara-i-floden"
SITEMAP_ONLY = "2024-01-15-bara-i-sitemap"

LISTED = [a.slug for a in ARTICLES] + [LATIN1, TOO_MANY, FLAKY, SLOW, LOOP, HUGE, BROKEN, PDF]
#: Articles a first run must store (the misbehaving ones that recover included).
STORED = [a.slug for a in ARTICLES] + [LATIN1, TOO_MANY, FLAKY, BROKEN, FEED_ONLY, SITEMAP_ONLY]
#: Articles that fail on every run.
FAILING = [SLOW, LOOP, HUGE]

EXTRA = {
    LATIN1: Article(LATIN1, "Välkommen till Årets möte på Ängsö",
                    "Föreningar i kommunen bjuds in till ett öppet möte om bidrag.",
                    ["Mötet hålls i Ängsö skola. Där berättar kommunens handläggare om hur "
                     "föreningsbidragen söks och vad som är nytt i år för äldre föreningar.",
                     "Anmäl dig senast fredag. Kaffe och smörgås ingår för alla som kommer."]),
    TOO_MANY: Article(TOO_MANY, "Simhallen är fullbokad under sportlovet",
                      "Alla tider för simskola under sportlovet är bokade.",
                      ["Intresset för simskolan har varit stort. Kommunen öppnar fler grupper "
                       "under påsklovet och bokningen för dem börjar i mars.",
                       "Frågor om simskolan besvaras av badets reception på vardagar."]),
    FLAKY: Article(FLAKY, "Ny e-tjänst för bygglov",
                   "Nu kan du söka bygglov och följa ditt ärende i en ny e-tjänst.",
                   ["E-tjänsten ersätter den gamla blanketten. Du loggar in med e-legitimation "
                    "och kan ladda upp ritningar direkt i tjänsten.",
                    "Handläggningstiden blir kortare när underlagen är kompletta från början."]),
    BROKEN: Article(BROKEN, "Kulturskolan söker nya elever",
                    "Anmälan till kulturskolans kurser i höst är öppen.",
                    ["Kulturskolan erbjuder kurser i dans, teater, bild och instrument. "
                     "Avgiften är densamma som förra året och syskonrabatt finns.",
                     "Sista dag att anmäla sig är den 15 maj."]),
    FEED_ONLY: Article(FEED_ONLY, "Kommunen delar ut miljöpris",
                       "Årets miljöpris går till en odlingsförening i Skogsdalen.",
                       ["Föreningen har gjort om en gammal parkering till odlingslotter. "
                        "Juryn lyfter fram att projektet samlar grannar i alla åldrar.",
                        "Priset delas ut vid kommunfullmäktiges möte i februari."]),
    SITEMAP_ONLY: Article(SITEMAP_ONLY, "Valnämnden söker röstmottagare",
                          "Kommunen behöver fler röstmottagare till valet i juni.",
                          ["Röstmottagare arbetar i vallokaler och förtidsröstningslokaler. "
                           "Alla får utbildning och arvode för sitt arbete.",
                           "Anmäl intresse via kommunens webbplats senast i april."]),
}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _swedish_date(iso: str) -> str:
    months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december"]
    y, m, d = iso.split("-")
    return f"{int(d)} {months[int(m) - 1]} {y}"


def _shell(title: str, content: str, *, head: str = "", charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html>
<html lang="sv" class="sv-no-js sv-template-nyhetsartikel">
<head>
<meta charset="{charset}">
<title>{_esc(title)} - Testkommunen</title>
<meta property="og:title" content="{_esc(title)}">
<meta property="og:site_name" content="Testkommunen">
<meta name="dcterms.language" content="sv">
{head}
</head>
<body>
<header class="sv-vertical sv-layout"><a href="/">Till startsidan</a>
<nav class="sv-jcrmenu-portlet sv-portlet"><ul><li><a href="/omsorg">Omsorg och stöd</a></li>
<li><a href="/skola">Förskola och skola</a></li><li><a href="{LISTING}">Nyheter</a></li></ul></nav>
</header>
<main role="main" class="sv-vertical sv-layout">
<div class="sv-vertical sv-layout sv-template-layout">
{content}
</div>
</main>
<footer class="sv-vertical sv-layout"><div class="sv-text-portlet sv-use-margins">
<div class="sv-text-portlet-content"><p class="normal">Testkommunen, Storgatan 1, 123 45 Teststad.
Telefon 010-123 45 00. Kontaktcenter har öppet vardagar 8-17.</p></div></div></footer>
</body></html>
"""


def article_html(article: Article, *, changed: bool = False) -> str:
    paragraphs = list(article.paragraphs)
    if changed:
        paragraphs.append("Uppdatering: öppningen flyttas en vecka på grund av leveransproblem.")
    head = f'<link rel="canonical" href="{ARCHIVE}{article.slug}">'
    date_html = ""
    if article.date_style == "text":
        date_html = (f'<div class="sv-text-portlet"><p class="sv-font-publiceringsdatum">'
                     f"Publicerad {_swedish_date(article.published)}</p></div>")
    elif article.date_style == "time":
        date_html = (f'<p class="sv-font-datum"><time datetime="{article.published}T09:30:00'
                     f'+01:00">{_swedish_date(article.published)}</time></p>')
    elif article.date_style == "meta":
        head += (f'<meta property="article:published_time" '
                 f'content="{article.published}T10:00:00+01:00">')
    elif article.date_style == "jsonld":
        head += ('<script type="application/ld+json">{"@context": "https://schema.org", '
                 f'"@type": "NewsArticle", "headline": "{article.title}", '
                 f'"datePublished": "{article.published}T08:00:00+01:00", '
                 '"author": {"@type": "Organization", "name": "Testkommunen"}}</script>')
    caption = ""
    if article.caption:
        caption = ('<div class="sv-image-portlet sv-portlet"><img src="/images/bild.jpg" '
                   f'alt=""><figcaption class="sv-font-bildtext">{_esc(article.caption)}'
                   "</figcaption></div>")
    body = "".join(f'<p class="normal">{_esc(p)}</p>' for p in paragraphs)
    content = f"""<div class="pagecontent sv-layout">
<div class="sv-text-portlet sv-use-margins"><div id="Rubrik"><!-- Rubrik --></div>
<div class="sv-text-portlet-content"><h1 class="heading">{_esc(article.title)}</h1></div></div>
<div class="sv-text-portlet sv-use-margins"><div id="Ingress"><!-- Ingress --></div>
<div class="sv-text-portlet-content"><p class="sv-font-ingress">{_esc(article.lead)}</p></div></div>
{date_html}
{caption}
<div class="sv-text-portlet sv-use-margins"><div id="Text"><!-- Text --></div>
<div class="sv-text-portlet-content">{body}</div></div>
<div class="sv-socialmedia-portlet sv-portlet"><p>Dela på Facebook</p></div>
</div>"""
    return _shell(article.title, content, head=head)


def broken_html(article: Article) -> str:
    # unclosed tags, a stray </div>, an unquoted attribute and no </body>
    return (f"<html lang=sv><head><title>{article.title}</title><body><main><div class=pagecontent>"
            f"<h1 class=heading>{article.title}</h2><p class=sv-font-ingress>{article.lead}"
            + "".join(f"<p>{p}" for p in article.paragraphs)
            + "</div></div></span><p>Publicerad 4 februari 2024<table><tr><td>")


def listing_html(page: int) -> str:
    slugs = LISTED + ["@disallowed"]
    chunk = slugs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    pages = (len(slugs) + PAGE_SIZE - 1) // PAGE_SIZE
    items = []
    for slug in chunk:
        href = DISALLOWED_PATH if slug == "@disallowed" else ARCHIVE + slug
        items.append(f'<li><a href="{href}">{slug[11:].replace("-", " ").capitalize()}</a>'
                     f' <span class="sv-font-datum">{slug[:10] if slug[0] != "@" else ""}'
                     "</span></li>")
    nav = ""
    if page < pages:
        nav = f'<a rel="next" class="next" href="{LISTING}?page={page + 1}">Nästa sida</a>'
    content = (f'<div class="pagecontent sv-layout"><h1>Nyheter</h1>'
               f'<ul class="sv-defaultlist">{"".join(items)}</ul>{nav}'
               f'<p><a href="/omsorg">Läs om omsorg</a></p></div>')
    head = '<link rel="alternate" type="application/rss+xml" href="/nyheter.rss">'
    return _shell("Nyheter", content, head=head)


def feed_xml(base: str) -> str:
    items = "".join(
        f"<item><title>{slug}</title><link>{base}{ARCHIVE}{slug}</link>"
        f"<pubDate>{slug[:10]}</pubDate></item>"
        for slug in [FEED_ONLY, ARTICLES[0].slug, ARTICLES[1].slug]
    )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Nyheter från Testkommunen</title>{items}</channel></rss>")


def sitemap_xml(base: str) -> str:
    urls = "".join(
        f"<url><loc>{base}{ARCHIVE}{slug}</loc><lastmod>{slug[:10]}</lastmod></url>"
        for slug in [SITEMAP_ONLY, ARTICLES[2].slug]
    ) + f"<url><loc>{base}/omsorg</loc></url>"
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')


ROBOTS = """User-agent: *
Disallow: /nyhetsarkiv/intern/
Crawl-delay: 0.01
Sitemap: /sitemap.xml
"""


@dataclass
class SiteState:
    """What the server saw and how it behaves; tests read and change it."""

    base: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    slow_seconds: float = 1.5
    huge_bytes: int = 300_000
    bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def reset_log(self) -> None:
        with self.lock:
            self.requests.clear()
            self.bytes_sent = 0


class _Handler(BaseHTTPRequestHandler):
    server_version = "FixtureSitevision/1.0"
    state: SiteState

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, validators: bool = True) -> None:
        headers = dict(headers or {})
        if validators and status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers.setdefault("ETag", etag)
            headers.setdefault("Last-Modified", LAST_MODIFIED)
            if self.headers.get("If-None-Match") == etag or (
                    not self.headers.get("If-None-Match")
                    and self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                status, body = 304, b""
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)
        with self.state.lock:
            self.state.bytes_sent += len(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        state = self.state
        path, _, query = self.path.partition("?")
        with state.lock:
            state.requests.append((self.path, dict(self.headers)))
            state.hits[path] = state.hits.get(path, 0) + 1
            hits = state.hits[path]
        if path == "/robots.txt":
            return self._send(200, ROBOTS.encode(), "text/plain")
        if path == LISTING:
            page = int(query.split("=")[1]) if query.startswith("page=") else 1
            return self._send(200, listing_html(page).encode("utf-8"))
        if path == "/nyheter.rss":
            return self._send(200, feed_xml(state.base).encode(), "application/rss+xml")
        if path == "/sitemap.xml":
            return self._send(200, sitemap_xml(state.base).encode(), "application/xml")
        if path.startswith("/nyhetsarkiv/intern/"):
            return self._send(200, b"<html><body>hemligt</body></html>")
        if not path.startswith(ARCHIVE):
            return self._send(404, b"<html><body>Sidan finns inte</body></html>")
        slug = path[len(ARCHIVE):]
        if slug == TOO_MANY and hits == 1:
            return self._send(429, b"", headers={"Retry-After": "1"})
        if slug == FLAKY and hits == 1:
            return self._send(500, b"<html><body>Internt fel</body></html>")
        if slug == SLOW:
            time.sleep(state.slow_seconds)
            try:
                return self._send(200, b"<html><body>sent</body></html>")
            except (BrokenPipeError, ConnectionResetError):
                return None  # the client gave up, as it should
        if slug == LOOP:
            return self._send(302, headers={"Location": ARCHIVE + LOOP + "-b"})
        if slug == LOOP + "-b":
            return self._send(302, headers={"Location": ARCHIVE + LOOP})
        if slug == HUGE:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()  # no Content-Length: the client must stop reading itself
            chunk = b"<p>" + "Lång text om ingenting. ".encode() * 40 + b"</p>"
            sent = 0
            try:
                while sent < state.huge_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        if slug == PDF:
            return self._send(200, b"%PDF-1.4 " + b"0" * 5000, "application/pdf")
        if slug == LATIN1:
            body = article_html(EXTRA[LATIN1])
            # the page is Latin-1 but both the header and the meta tag claim UTF-8
            return self._send(200, body.encode("latin-1"), "text/html; charset=utf-8")
        if slug == BROKEN:
            return self._send(200, broken_html(EXTRA[BROKEN]).encode("utf-8"))
        article = next((a for a in ARTICLES if a.slug == slug), None) or EXTRA.get(slug)
        if article is None:
            return self._send(404, b"<html><body>Sidan finns inte</body></html>")
        return self._send(200, article_html(article, changed=slug in state.changed).encode())


class FixtureSite:
    """The fixture website on 127.0.0.1 (a random free port), served by a thread."""

    def __init__(self) -> None:
        self.state = SiteState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.state.base = self.base
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FixtureSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def article_url(self, slug: str) -> str:
        return self.base + ARCHIVE + slug

    def write_source(self, folder: Path, name: str = "testkommun") -> Path:
        """A site file for this site in ``folder`` (for ``[scrape] sources_dir``)."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.toml"
        path.write_text(
            f'name = "{name}"\ntitle = "Testkommunen"\nkind = "kommun"\n'
            f'profile = "sitevision"\nbase_url = "{self.base}"\n'
            f'listings = ["{self.base}{LISTING}"]\nfeeds = ["{self.base}/nyheter.rss"]\n'
            f'sitemaps = ["{self.base}/sitemap.xml"]\narticle_pattern = "^/nyhetsarkiv/"\n',
            encoding="utf-8")
        return path


def serve_forever() -> None:  # pragma: no cover - manual use: python tests/scrape/fixture_site.py
    with FixtureSite() as site:
        print(site.base, flush=True)
        while True:
            time.sleep(3600)


if __name__ == "__main__":  # pragma: no cover
    serve_forever()

"""What the public page cites: numbered references for the text in public/page.html.

Sources the knowledge base already holds are taken from it, so a citation reads the same
everywhere; the two reviews of benefit are the page's own.
"""

from dataclasses import dataclass

from taut.kb.vocab import load_sources

OWN_SOURCES = {
    "espejo2017": "Espejo-Antunez L, Tejeda JF, Albornoz-Cabello M, et al. Dry needling in the "
    "management of myofascial trigger points: a systematic review of randomized controlled "
    "trials. Complement Ther Med. 2017;33:46-57.",
    "navarro2020": "Navarro-Santana MJ, Sanchez-Infante J, Fernandez-de-las-Penas C, et al. "
    "Effectiveness of dry needling for myofascial trigger points associated with neck pain "
    "symptoms: an updated systematic review and meta-analysis. J Clin Med. 2020;9(10):3300.",
}
# In the order the page first cites them.
CITED = ["ts1", "delphi2018", "dommerholt2019", "espejo2017", "navarro2020", "brady2014",
         "boyce2020", "halle2016"]  # fmt: skip


@dataclass(frozen=True)
class Reference:
    number: int
    key: str
    text: str


def references() -> list[Reference]:
    kb = load_sources()
    texts = {**{key: source.cite for key, source in kb.items()}, **OWN_SOURCES}
    return [Reference(n, key, texts[key]) for n, key in enumerate(CITED, start=1)]


def numbers() -> dict[str, int]:
    """Each cited source's number, for the page's [n] markers."""
    return {ref.key: ref.number for ref in references()}

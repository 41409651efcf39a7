"""Text to speech on our note types (``deck.yaml`` ``tts:``), as Anki's ``{{tts}}`` filter. Pure.

The tag is added to the template text: the question on the front, the answer on the back.
Only template text changes, never a field or template list: a released deck gains or loses it
as an update, like any template edit. Anki reads the field aloud with a voice of the device for the
language (``en_US``, ``ja_JP``: Anki's voice languages are a language and a region); where no
such voice is installed it shows the play button and says nothing.
"""

from __future__ import annotations

import re

import msgspec

from ankismith.model import NoteKind

SIDES = ("question", "answer")
"""What ``tts:`` may read aloud."""
VOICE_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})+$")
"""Anki's voice languages: ``en_US``, ``pt_BR``, ``zh_TW``."""
VOICE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
"""A voice's name as Anki lists it (``Apple_Samantha``, ``Microsoft_Haruka``)."""
SPEEDS = (0.25, 4.0)
"""The speeds accepted: a quarter to four times the voice's own."""

REGIONS = {
    "ar": "ar_SA",
    "cs": "cs_CZ",
    "da": "da_DK",
    "de": "de_DE",
    "el": "el_GR",
    "en": "en_US",
    "es": "es_ES",
    "fi": "fi_FI",
    "fr": "fr_FR",
    "he": "he_IL",
    "hi": "hi_IN",
    "hu": "hu_HU",
    "id": "id_ID",
    "it": "it_IT",
    "ja": "ja_JP",
    "ko": "ko_KR",
    "nb": "nb_NO",
    "nl": "nl_NL",
    "pl": "pl_PL",
    "pt": "pt_BR",
    "ro": "ro_RO",
    "ru": "ru_RU",
    "sk": "sk_SK",
    "sv": "sv_SE",
    "th": "th_TH",
    "tr": "tr_TR",
    "uk": "uk_UA",
    "vi": "vi_VN",
    "zh": "zh_CN",
    "zh-hans": "zh_CN",
    "zh-hant": "zh_TW",
}
"""The voice language of a deck language without a region: its most spoken variety. Anki
matches a voice's language exactly, so ``de`` alone would find no voice."""


class Tts(msgspec.Struct, frozen=True):
    """``tts:`` in deck.yaml: which sides our note types read aloud, and with what voice."""

    sides: tuple[str, ...]
    """``question``, ``answer`` or both, in that order."""
    lang: str
    """Anki's voice language, such as ``en_US``."""
    voices: tuple[str, ...] = ()
    """Voices to prefer, in order (Anki's ``voices=``). Empty: the device's first for ``lang``."""
    speed: float | None = None
    """Speed (Anki's ``speed=``), 1 being the voice's own. None: the voice's own."""

    def tag(self, field: str) -> str:
        """Return Anki's ``{{tts ...}}`` tag reading ``field`` (a field, maybe with a filter)."""
        options = [self.lang]
        if self.voices:
            options.append(f"voices={','.join(self.voices)}")
        if self.speed is not None:
            options.append(f"speed={self.speed:g}")
        return f"{{{{tts {' '.join(options)}:{field}}}}}"


def voice_language(tag: str) -> str | None:
    """Return Anki's voice language for a BCP 47 tag (``pt-BR`` -> ``pt_BR``), or None."""
    parts = tag.split("-")
    if tag.lower() in REGIONS:
        return REGIONS[tag.lower()]
    region = next((p for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    if region is not None:
        return f"{parts[0].lower()}_{region.upper()}"
    return REGIONS.get(parts[0].lower())


# For each of our note types, by template: the field its front shows as the question, and on
# the back the answer as shown (where the tag goes) and the field read aloud.
_SPOTS: dict[NoteKind, tuple[tuple[str, str, str], ...]] = {
    NoteKind.BASIC: (("Question", "{{Answer}}", "Answer"),),
    NoteKind.CHOICE: (("Question", "{{Answer}}", "Answer"),),
    NoteKind.CLOZE: (("cloze:Text", "{{cloze:Text}}", "cloze-only:Text"),),
    NoteKind.REVERSED: (("Front", "{{Back}}", "Back"), ("Back", "{{Front}}", "Front")),
    NoteKind.TYPEIN: (("Question", "{{type:Answer}}", "Answer"),),
}


def _after(text: str, anchor: str, tag: str) -> str:
    """Return ``text`` with ``tag`` after the first ``anchor``, or at its end if none."""
    at = text.find(anchor)
    if at < 0:
        return f"{text.rstrip()}\n{tag}\n"
    at += len(anchor)
    return text[:at] + tag + text[at:]


def with_tts(kind: NoteKind, index: int, front: str, back: str, tts: Tts) -> tuple[str, str]:
    """Return template ``index`` of our note type ``kind`` reading its sides aloud as ``tts`` asks.

    The tag follows the question on the front and the answer on the back, where Anki shows its
    play button; a template override without them gets it at its end.
    """
    question, answer_anchor, answer = _SPOTS[kind][index]
    if "question" in tts.sides:
        front = _after(front, f"{{{{{question}}}}}", tts.tag(question))
    if "answer" in tts.sides:
        back = _after(back, answer_anchor, tts.tag(answer))
    return front, back

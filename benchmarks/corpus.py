"""Write a deterministic benchmark deck: N cards in files of 50, shaped like real decks.

Questions have 15-40 words, answers 3-10, explanations 40-80. Math, code, tables and inline
marks come in these proportions (a heavier mix than the corpus before issue 33, which had no
tables, bold, links or displayed math, and a formula in one sentence in ten): inline code and
emphasis in every sentence of seven words or more, bold in one in four, a link in one in
twenty, an inline formula in one sentence in five, a displayed formula every 25 cards, a list
every 10, a fenced code block every 20 and a table every 25. peers.py writes the same cards
in each peer's format.
Usage: python benchmarks/corpus.py N DIR
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = [
    "model",
    "weights",
    "training",
    "data",
    "adapter",
    "rank",
    "matrix",
    "gradient",
    "learning",
    "rate",
    "epoch",
    "batch",
    "loss",
    "validation",
    "split",
    "token",
    "prompt",
    "layer",
    "frozen",
    "update",
    "memory",
    "compute",
    "quantised",
    "bias",
    "variance",
    "overfitting",
    "benchmark",
    "dataset",
    "example",
    "label",
    "reward",
    "policy",
    "preference",
    "optimiser",
    "schedule",
    "warmup",
    "decay",
    "dropout",
    "attention",
    "embedding",
    "vocabulary",
    "sequence",
    "checkpoint",
    "inference",
    "latency",
]
CODE = (
    "```python\nconfig = LoraConfig(r={r}, lora_alpha={a})\n"
    "model = get_peft_model(base, config)\n```"
)


FORMULAS = (
    "$W' = W + \\frac{\\alpha}{r} BA$",
    "$\\mathcal{L} = -\\sum_i y_i \\log p_i$",
    "$r \\ll \\min(d, k)$",
    "$\\eta_t = \\eta_0 \\cdot \\gamma^t$",
)
DISPLAY = "$$\n\\text{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}\n$$"
TABLE = (
    "| setting | value | effect |\n|---|---:|---|\n| rank | {r} | *capacity* |\n"
    "| alpha | {a} | `scale` |\n| dropout | 0.{d} | **regularises** |"
)


def sentence(rng: random.Random, low: int, high: int) -> str:
    """Return a sentence of low..high words with inline code, emphasis, bold, links and math."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if len(words) > 6:
        words[2] = f"`{words[2]}_{rng.randint(1, 9)}`"
        words[5] = f"*{words[5]}*"
        if rng.random() < 0.25:
            words[6] = f"**{words[6]}**"
        if rng.random() < 0.05:
            words[1] = f"[{words[1]}](https://example.org/{words[1]})"
    if rng.random() < 0.2:
        words.append(rng.choice(FORMULAS))
    return " ".join(words).capitalize()


def card(rng: random.Random, index: int) -> str:
    """Return one card's Markdown."""
    question = sentence(rng, 15, 40)
    slug = "-".join(w for w in question.lower().split()[:3] if w.isalpha())
    parts = [f"## {question}?", f"<!-- id: {slug or 'term'}-{index:06d} -->", "", "### Answer", ""]
    parts.append(sentence(rng, 3, 10) + ".")
    if index % 10 == 3:
        parts += ["", *(f"- {sentence(rng, 3, 6)}" for _ in range(3))]
    parts += ["", "### Explanation", "", sentence(rng, 40, 80) + "."]
    if index % 25 == 11:
        parts += ["", DISPLAY]
    if index % 25 == 17:
        parts += [
            "",
            TABLE.format(r=rng.choice((4, 8)), a=rng.choice((8, 16)), d=rng.randint(1, 5)),
        ]
    if index % 20 == 7:
        parts += ["", CODE.format(r=rng.choice((4, 8, 16)), a=rng.choice((8, 16, 32)))]
    return "\n".join(parts) + "\n"


def write_corpus(count: int, root: Path, seed: int = 1) -> None:
    """Write ``count`` cards under ``root`` (a content directory with deck.yaml)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    deck = f"name: Benchmark {count}\nid: benchmark-k3v9tq\n"
    (root / "deck.yaml").write_text(deck, encoding="utf-8")
    for start in range(0, count, 50):
        cards = [card(rng, i) for i in range(start, min(start + 50, count))]
        (root / f"part-{start // 50:05d}.md").write_text("\n".join(cards), encoding="utf-8")


if __name__ == "__main__":
    write_corpus(int(sys.argv[1]), Path(sys.argv[2]))

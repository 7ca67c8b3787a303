"""Recall and over-redaction of the comment redactor on the labelled sets, by split and by kind.

For each labelled set (``tests/data/redaction_labelled.txt``, written in full sentences, and
``tests/data/redaction_families.txt``, written as families write: lower case, text-speak, names
from the communities the ten languages serve), prints:

- recall: identifiers whose every letter and digit was hidden, out of those labelled, for each
  split (``tune`` chose the rules, ``held_out`` never did) and each kind;
- over-redaction: words outside every labelled identifier that were hidden anyway, and how many
  identifier-free comments lost any word (the coding of themes needs those words);
- the redactor's time per comment once built.

Run:

    .venv/bin/python bench/bench_redaction_recall.py [--show-missed]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from feedback.services.reviews.recall import (  # noqa: E402
    by_split,
    load_labelled,
    measure_over_redaction,
    measure_recall,
)
from feedback.services.reviews.redaction import redact  # noqa: E402

SETS = (
    ROOT / "tests" / "data" / "redaction_labelled.txt",
    ROOT / "tests" / "data" / "redaction_families.txt",
)


def report(path: Path, show_missed: bool) -> None:
    """Print recall by split and kind, and over-redaction, for the labelled set at ``path``."""
    comments = load_labelled(path)
    print(f"== {path.name}: {len(comments)} comments")
    for split, group in by_split(comments).items():
        recall = measure_recall(group, redact)
        over = measure_over_redaction(group, redact)
        kinds = ", ".join(f"{k} {r}/{p}" for k, (r, p) in recall.by_kind.items())
        print(
            f"{split}: recall {recall.value:.1%} ({recall.removed}/{recall.present}; {kinds}); "
            f"over-redaction {over.value:.2%} ({over.hidden}/{over.words} words), "
            f"identifier-free comments touched {over.clean_comments_touched}/{over.clean_comments}"
        )
        if show_missed:
            for line, kind, _text in recall.missed:
                print(f"  missed {kind} on line {line}")
            for line, _word in over.hidden_words:
                print(f"  hid a word that needed no hiding on line {line}")


def main() -> None:
    """Build the redactor once, then report each labelled set and the time per comment."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--show-missed", action="store_true", help="line numbers of misses")
    args = parser.parse_args()
    started = time.perf_counter()
    redact("warm up")
    print(f"redactor built in {time.perf_counter() - started:.1f} s")
    texts = []
    for path in SETS:
        report(path, args.show_missed)
        texts.extend(comment.text for comment in load_labelled(path))
    started = time.perf_counter()
    for text in texts:
        redact(text)
    elapsed = time.perf_counter() - started
    each = elapsed / len(texts) * 1000
    print(f"{len(texts)} comments redacted in {elapsed:.2f} s ({each:.1f} ms each)")


if __name__ == "__main__":
    main()

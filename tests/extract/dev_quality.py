#!/usr/bin/env python3
"""extract_dev_quality, extract_heldout_quality: run `kg extract` on a set of
articles and fail when the scorer's triple F1 or precision falls below the bar.

Usage: dev_quality.py KG SHARED_DIR MIN_F1 MIN_PRECISION
           [--corpus DIR] [--gold DIR] [--label NAME]
Without --corpus/--gold it scores SHARED_DIR/corpus/seeds against
SHARED_DIR/eval/dev. The scorer is always SHARED_DIR/eval/score.py.
Exits 77 (skipped) when the scorer, the articles or the gold are absent.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kg")
    ap.add_argument("shared")
    ap.add_argument("min_f1", type=float)
    ap.add_argument("min_p", type=float)
    ap.add_argument("--corpus")
    ap.add_argument("--gold")
    ap.add_argument("--label", default="dev")
    a = ap.parse_args()
    corpus = a.corpus or os.path.join(a.shared, "corpus", "seeds")
    gold = a.gold or os.path.join(a.shared, "eval", "dev")
    scorer = os.path.join(a.shared, "eval", "score.py")
    if not (os.path.isdir(corpus) and os.path.isdir(gold) and os.path.isfile(scorer)):
        print(f"skipped: no articles, gold or scorer ({corpus}, {gold}, {scorer})")
        return 77
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl") as out:
        subprocess.run([a.kg, "extract", corpus], stdout=out, check=True)
        out.flush()
        summary = json.loads(subprocess.run([sys.executable, scorer, "--gold", gold, out.name, "--json"],
                                            capture_output=True, text=True, check=True).stdout)
    t = summary["triples"]
    print(f"{a.label} triples: P {t['precision']:.3f} R {t['recall']:.3f} F1 {t['f1']:.3f}; "
          f"entity recall {summary['entities']['recall']:.3f}; typing {summary['typing_accuracy']:.3f}")
    if t["f1"] < a.min_f1 or t["precision"] < a.min_p:
        print(f"below the bar: F1 must be >= {a.min_f1}, precision >= {a.min_p}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

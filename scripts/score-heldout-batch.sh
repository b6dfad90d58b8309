#!/bin/bash
# Scores one batch of the held-out articles (h<FIRST> to h<LAST>) with the
# evaluation scorer: the figures the issue notes give per batch.
#   scripts/score-heldout-batch.sh 225 234 [path/to/kg]
# JSON Lines articles keep gold per article id (h232a, ...), which the batch
# range covers by its number.
set -euo pipefail
first=${1:?first batch number, e.g. 225}
last=${2:?last batch number, e.g. 234}
kg=${3:-build/cli/kg}
here=$(cd "$(dirname "$0")/.." && pwd)
heldout=$here/tests/extract/heldout
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/gold" "$work/articles"
in_batch() {  # file name -> whether its number lies in [first, last]
  local n=${1#h}
  n=${n%%[!0-9]*}
  [ -n "$n" ] && [ "$((10#$n))" -ge "$first" ] && [ "$((10#$n))" -le "$last" ]
}
for f in "$heldout"/gold/*; do in_batch "$(basename "$f")" && cp "$f" "$work/gold/"; done
for f in "$heldout"/articles/*; do in_batch "$(basename "$f")" && cp "$f" "$work/articles/"; done
"$kg" extract "$work/articles" > "$work/out.jsonl"
python3 "$here/../shared/eval/score.py" --gold "$work/gold" "$work/out.jsonl"

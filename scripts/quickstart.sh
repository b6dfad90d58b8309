#!/usr/bin/env bash
# The quick start: installs dependencies, builds kg (Release), ingests the
# example articles into ./kg.db, answers a few questions and writes kg.graphml.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DKG_BUILD_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)"
kg=build/cli/kg

ask() { printf '\n\033[1m$ kg %s\033[0m\n' "$*"; "$kg" "$@"; }

ask ingest examples/articles
ask stats
ask neighbours OpenAI
ask path "Alec Radford" GPT-3
ask pattern "Organization -developed-> Technique" --infer
ask entity OpenAI --evidence
ask query examples/queries/tour.json
ask export --format graphml --out kg.graphml
echo
echo "Wrote kg.graphml (open it in Gephi, yEd or Cytoscape). The database is ./kg.db."

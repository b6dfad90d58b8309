#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each briefly: a smoke run
# for CI (issue 8), about a minute for the four. Longer runs:
# FUZZ_SECONDS=600 scripts/fuzz-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-15}
targets=(fuzz_read_article fuzz_triple_json fuzz_rules_file fuzz_query_file)

if ! command -v clang++ >/dev/null; then
  echo "fuzz-smoke: clang++ not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
CXX=clang++ cmake -S . -B build-fuzz "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKG_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"

for target in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/${target#fuzz_}
  work=$(mktemp -d)
  [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
  echo "fuzz-smoke: $target for ${seconds}s"
  status=0
  # One input slower than -timeout seconds is a failure (a hang), not a wait.
  build-fuzz/tests/fuzz/$target -max_total_time="$seconds" -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work" >"$work.log" 2>&1 || status=$?
  grep -E "stat::number_of_executed_units|ERROR|SUMMARY" "$work.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$work.log" >&2
    echo "fuzz-smoke: $target failed (exit $status); the crashing input is in $work" >&2
    exit 1
  fi
  rm -rf "$work" "$work.log"
done
echo "fuzz-smoke: no crashes"

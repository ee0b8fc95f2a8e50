#!/usr/bin/env bash
# Runs every fuzz target of Parta for a bounded time; stops at the first crash.
#   tests/fuzz/run.sh [seconds per target, default 60] [target …]
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). A crash leaves its
# input in tests/fuzz/artifacts/<target>/; after fixing it, copy the input into
# tests/fuzz/corpus/<target>/ so that `cargo test --test suite fuzz_corpus::` keeps guarding it.
set -u
cd "$(dirname "$0")/../.."
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(people_import plan_import form journal_cell)
fi
if ! cargo +nightly fuzz --help >/dev/null 2>&1; then
    echo "cargo-fuzz is missing: cargo install cargo-fuzz (and rustup toolchain install nightly)" >&2
    exit 2
fi
for t in "${targets[@]}"; do
    corpus="tests/fuzz/corpus/$t"
    mkdir -p "$corpus"
    # New inputs go to a scratch directory; the kept corpus (seeds, crashes) only is read.
    scratch="tests/fuzz/target/corpus-$t"
    mkdir -p "$scratch"
    log="tests/fuzz/target/run-$t.log"
    echo "== $t: ${secs}s"
    cargo +nightly fuzz run --fuzz-dir tests/fuzz "$t" "$scratch" "$corpus" -- \
        -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=4096 2>&1 | tee "$log" |
        grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)'
    status=${PIPESTATUS[0]}
    if [ "$status" -ne 0 ]; then
        echo "!! CRASH in $t (exit $status): input in tests/fuzz/artifacts/$t/, log in $log" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
done
echo "== all targets ran ${secs}s without a crash"

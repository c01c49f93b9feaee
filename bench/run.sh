#!/usr/bin/env bash
# Benchmark of `warroom build` and `warroom check` on generated sites.
#
# Builds warroom in release mode, generates sites of 1,000, 4,000 and 10,000
# post-mortems (examples/gen_site.rs) in a temporary folder, and times a
# full clean build and a check of each with /usr/bin/time -v (wall time and
# peak RSS). Prints pages per second, peak memory, the 4x scaling ratio
# (time at 4,000 / time at 1,000), and, when `hugo` is on PATH, Hugo's time
# on the same Markdown and the ratio. Each round runs warroom's build, its
# check and Hugo's build one after the other, so the ratio holds even when
# the machine's speed drifts during the run (on shared machines it does).
#
# Usage: bench/run.sh [SIZES...]     (default: 1000 4000 10000)
# Env:   RUNS=3 (repetitions; the median is reported), KEEP=1 (keep the temp dir),
#        BENCH_DIR=/path (use this folder instead of a new temp dir)
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=("${@:-1000 4000 10000}")
# shellcheck disable=SC2206
SIZES=(${SIZES[*]})
RUNS="${RUNS:-3}"
TODAY=2026-11-22

if [[ ! -x /usr/bin/time ]]; then
    echo "bench: /usr/bin/time is missing; install it (apt-get install -y time)" >&2
    exit 2
fi

cargo build --release --quiet --bin warroom --example gen_site
BIN="$PWD/target/release/warroom"
GEN="$PWD/target/release/examples/gen_site"

WORK="${BENCH_DIR:-$(mktemp -d -t warroom-bench.XXXXXX)}"
mkdir -p "$WORK"
if [[ -z "${KEEP:-}" && -z "${BENCH_DIR:-}" ]]; then
    trap 'rm -rf "$WORK"' EXIT
fi
HUGO="$(command -v hugo || true)"

# Moves a previous build out of the way without deleting it: on ext4 without
# a journal (as on some CI machines) files created within ~30 s of deleting
# many others are slow to create (the kernel skips "recently deleted" inodes
# one by one), which would time the file system rather than the generator.
# The moved folders are deleted at the end.
TRASH="$WORK/trash"
set_aside() {
    local p
    mkdir -p "$TRASH"
    for p in "$@"; do
        if [[ -e "$p" ]]; then mv "$p" "$TRASH/$(date +%s%N)"; fi
    done
    # The last run's files go to disk now, not while the next run is timed.
    sync
}

# Runs a command once under /usr/bin/time; prints "seconds peak_kb".
# (Call it as `out="$(timed ...)"` so that a failure stops the bench.)
timed() {
    local log="$WORK/time.log"
    if ! /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/err.log"; then
        echo "bench: \`$*\` failed:" >&2
        tail -20 "$WORK/err.log" >&2
        exit 1
    fi
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; t = s }
                /Maximum resident set size/ { kb = $2 } END { print t, kb }' "$log"
}

# The median of its arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

printf '%-7s %8s %8s %8s %9s %8s %8s %7s\n' N build_s check_s pages/s peak_MB hugo_s hugo_MB ratio
declare -A BUILD
for n in "${SIZES[@]}"; do
    site="$WORK/site-$n"
    hugo_site="$WORK/hugo-$n"
    if [[ ! -d "$site/content" ]]; then
        "$GEN" --incidents "$n" --out "$site" --hugo "$hugo_site" 2>/dev/null
    fi
    # Each round times a full clean build (no previous output to replace), a
    # check and Hugo's build one after the other, so that a machine that
    # slows down or speeds up during the run affects both tools alike.
    build_t=() check_t=() hugo_t=() build_kb=0 hugo_kb=0
    for ((i = 0; i < RUNS; i++)); do
        set_aside "$site/public"
        out="$(timed "$BIN" --root "$site" --quiet build --today "$TODAY")"
        read -r t kb <<<"$out"
        build_t+=("$t")
        ((kb > build_kb)) && build_kb=$kb
        out="$(timed "$BIN" --root "$site" --quiet check --today "$TODAY")"
        read -r t kb <<<"$out"
        check_t+=("$t")
        if [[ -n "$HUGO" ]]; then
            set_aside "$hugo_site/public" "$hugo_site/resources"
            out="$(timed "$HUGO" --quiet --source "$hugo_site")"
            read -r t kb <<<"$out"
            hugo_t+=("$t")
            ((kb > hugo_kb)) && hugo_kb=$kb
        fi
    done
    build_s="$(median "${build_t[@]}")"
    check_s="$(median "${check_t[@]}")"
    pages="$(find "$site/public" -name '*.html' | wc -l)"
    BUILD[$n]=$build_s
    hugo_s="-" hugo_mb="-" ratio="-"
    if [[ -n "$HUGO" ]]; then
        hugo_s="$(median "${hugo_t[@]}")"
        hugo_mb=$((hugo_kb / 1024))
        ratio="$(awk -v h="$hugo_s" -v w="$build_s" 'BEGIN { printf "%.1fx", h / w }')"
    fi
    printf '%-7s %8s %8s %8.0f %9d %8s %8s %7s\n' "$n" "$build_s" "$check_s" \
        "$(awk -v p="$pages" -v s="$build_s" 'BEGIN { print p / s }')" $((build_kb / 1024)) "$hugo_s" "$hugo_mb" "$ratio"
done

if [[ -n "${BUILD[1000]:-}" && -n "${BUILD[4000]:-}" ]]; then
    awk -v a="${BUILD[1000]}" -v b="${BUILD[4000]}" \
        'BEGIN { printf "scaling: 4x the documents took %.2fx the time (target <= 4.6x)\n", b / a }'
fi
echo "machine: $(nproc) cores; runs per figure: $RUNS (median); sites in $WORK"
rm -rf "$TRASH"

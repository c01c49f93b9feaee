#!/usr/bin/env bash
# Benchmark of `warroom build` and `warroom check` on generated sites.
#
# Builds warroom in release mode, generates sites of 1,000, 4,000 and 10,000
# post-mortems (examples/gen_site.rs) in a temporary folder, and times a
# full clean build and a check of each with /usr/bin/time -v (wall time and
# peak RSS). Prints pages per second, peak memory, the 4x scaling ratio
# (time at 4,000 / time at 1,000), and, when `hugo` is on PATH, Hugo's time
# on the same Markdown and the ratio.
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
}

# Runs a command RUNS times under /usr/bin/time; prints "median_seconds peak_kb".
measure() {
    local times=() peak=0 i log
    log="$WORK/time.log"
    for ((i = 0; i < RUNS; i++)); do
        if [[ -n "${PRE:-}" ]]; then eval "$PRE"; fi
        if ! /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/err.log"; then
            echo "bench: \`$*\` failed:" >&2
            tail -20 "$WORK/err.log" >&2
            exit 1
        fi
        times+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' "$log")")
        local kb
        kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
        ((kb > peak)) && peak=$kb
    done
    printf '%s\n' "${times[@]}" | sort -g | awk -v peak="$peak" '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)], peak }'
}

printf '%-7s %8s %8s %8s %9s %8s %8s %7s\n' N build_s check_s pages/s peak_MB hugo_s hugo_MB ratio
declare -A BUILD
for n in "${SIZES[@]}"; do
    site="$WORK/site-$n"
    hugo_site="$WORK/hugo-$n"
    if [[ ! -d "$site/content" ]]; then
        "$GEN" --incidents "$n" --out "$site" --hugo "$hugo_site" 2>/dev/null
    fi
    # A full clean build: no previous output to replace.
    read -r build_s build_kb < <(PRE="set_aside '$site/public'" measure "$BIN" --root "$site" --quiet build --today "$TODAY")
    read -r check_s check_kb < <(measure "$BIN" --root "$site" --quiet check --today "$TODAY")
    pages="$(find "$site/public" -name '*.html' | wc -l)"
    BUILD[$n]=$build_s
    hugo_s="-" hugo_mb="-" ratio="-"
    if [[ -n "$HUGO" ]]; then
        read -r hugo_s hugo_kb < <(PRE="set_aside '$hugo_site/public' '$hugo_site/resources'" \
            measure "$HUGO" --quiet --source "$hugo_site")
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

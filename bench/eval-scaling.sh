#!/usr/bin/env bash
# Wall time and peak memory of `dotnet backprop eval --format json` on generated files of growing
# size, process start included. Usage: bench/eval-scaling.sh [runs] [10m]
#   runs  runs per file (default 3); the table gives the median time and the largest peak
#   10m   also the tanh chain of 10,000,000 bindings (about 360 MB of text, a minute a run)
# Prints a markdown table; docs/performance.md records one run of it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
ten_million=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build tool/Backprop.Tool -c Release -v quiet -nologo >/dev/null
tool=$(ls tool/Backprop.Tool/bin/Release/net10.0/Backprop.Tool.dll)

# A wide file: 100 leaves, then bindings mixing earlier names (sharing), n bindings in all.
wide() {
    awk -v n="$1" 'BEGIN {
        srand(1);
        for (i = 0; i < 100; i++) printf "x%d = %.3f\n", i, 0.9 + 0.2 * rand();
        for (i = 100; i < n; i++) {
            a = int(rand() * i); b = int(rand() * i);
            an = (a < 100 ? "x" : "v") a; bn = (b < 100 ? "x" : "v") b;
            r = rand();
            if (r < 0.2) printf "v%d = tanh(%s)\n", i, an;
            else if (r < 0.6) printf "v%d = %s * %s\n", i, an, bn;
            else printf "v%d = %s + %s\n", i, an, bn;
        }
    }'
}

# A chain: each binding uses the previous one, n bindings deep.
chain() {
    awk -v n="$1" 'BEGIN {
        print "v0 = 0.5";
        for (i = 1; i < n; i++) printf "v%d = v%d * 0.999999 + 0.000001\n", i, i - 1;
    }'
}

# The chain of the issue on eval's memory: x(k) = tanh(x(k-1) * w + 0.1), n bindings after x0 and w.
tanh() {
    awk -v n="$1" 'BEGIN {
        print "x0 = 0.5"; print "w = 0.9";
        for (i = 1; i <= n; i++) printf "x%d = tanh(x%d * w + 0.1)\n", i, i - 1;
    }'
}

specs=("wide 20000" "chain 20000" "wide 1000000" "chain 1000000" "tanh 1000000")
[[ $ten_million == 10m ]] && specs+=("tanh 10000000")

# Runs `eval FILE --format FORMAT` $runs times; sets median (seconds) and memory (largest peak, KB).
measure() {
    local times=() seconds kilobytes
    memory=0
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$tool" eval "$1" --format "$2" >/dev/null
        read -r seconds kilobytes <"$work/time"
        times+=("$seconds")
        (( kilobytes > memory )) && memory=$kilobytes
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
}

echo "| file | bindings | size | wall time (median of $runs) | peak memory |"
echo "|---|---:|---:|---:|---:|"
for spec in "${specs[@]}"; do
    set -- $spec
    file="$work/$1-$2.bp"
    "$1" "$2" >"$file"
    size=$(du -h "$file" | cut -f1)
    measure "$file" json
    echo "| $1 | $2 | $size | ${median} s | $((memory / 1024)) MB |"
    rm -f "$file"
done

# The other formats on the issue's chain (json is above).
file="$work/tanh.bp"
tanh 1000000 >"$file"
echo
echo "| tanh 1000000, format | wall time (median of $runs) | peak memory |"
echo "|---|---:|---:|"
for format in csv table; do
    measure "$file" "$format"
    echo "| $format | ${median} s | $((memory / 1024)) MB |"
done

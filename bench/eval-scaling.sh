#!/usr/bin/env bash
# Wall time and peak memory of `dotnet backprop eval --format json` on generated files of growing
# size, process start included. Usage: bench/eval-scaling.sh [runs]   (default 3 runs per file)
# Prints a markdown table; docs/performance.md records one run of it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
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

echo "| file | bindings | size | wall time (median of $runs) | peak memory |"
echo "|---|---:|---:|---:|---:|"
for spec in "wide 20000" "chain 20000" "wide 1000000" "chain 1000000"; do
    set -- $spec
    file="$work/$1-$2.bp"
    "$1" "$2" >"$file"
    size=$(du -h "$file" | cut -f1)
    times=()
    memory=0
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$tool" eval "$file" --format json >/dev/null
        read -r seconds kilobytes <"$work/time"
        times+=("$seconds")
        (( kilobytes > memory )) && memory=$kilobytes
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    echo "| $1 | $2 | $size | ${median} s | $((memory / 1024)) MB |"
done

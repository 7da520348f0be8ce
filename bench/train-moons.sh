#!/usr/bin/env bash
# Wall time and peak memory of the moons demo end to end, process start included:
#   dotnet tool/Backprop.Tool/bin/Release/net10.0/Backprop.Tool.dll train examples/moons.csv
# under the runtime settings the tool ships with (Backprop.Tool.fsproj) and under the alternatives,
# set through DOTNET_* variables, which override the shipped runtimeconfig.json.
# The configurations are interleaved round by round so that a busy machine slows all of them alike.
# Usage: bench/train-moons.sh [rounds]   (default 15). Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build tool/Backprop.Tool -c Release -v quiet -nologo >/dev/null
tool=tool/Backprop.Tool/bin/Release/net10.0/Backprop.Tool.dll
# For comparison only: the framework-dependent tool precompiled (ReadyToRun), as the linux-arm64,
# osx-arm64 and win-x64 packages ship it (linux-x64 ships Native AOT: bench/startup.sh).
# It is published from a copy: a restore for a runtime identifier rewrites the packages.lock.json files.
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
mkdir "$work/copy"
tar --exclude=bin --exclude=obj -cf - Directory.Build.props Directory.Packages.props global.json README.md \
    src/Backprop.Functional src/Backprop.Functional.Language tool/Backprop.Tool | tar -xf - -C "$work/copy"
dotnet publish "$work/copy/tool/Backprop.Tool" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o "$work/r2r" -v quiet -nologo >/dev/null

names=(
    "as shipped (TieredPGO off, invariant globalization)"
    "runtime defaults (TieredPGO on, ICU)"
    "TieredCompilation off"
    "TieredCompilation off, invariant globalization"
    "as shipped, plus ReadyToRun (not shipped)"
)
settings=(
    ""
    "DOTNET_TieredPGO=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0"
    "DOTNET_TieredCompilation=0 DOTNET_TieredPGO=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0"
    "DOTNET_TieredCompilation=0"
    "READY_TO_RUN=1"
)

for _ in $(seq "$rounds"); do
    for i in "${!names[@]}"; do
        # shellcheck disable=SC2086 # the settings are words on purpose
        dll=$tool
        [[ ${settings[$i]} == READY_TO_RUN=1 ]] && dll=$work/r2r/Backprop.Tool.dll
        env ${settings[$i]} /usr/bin/time -f "%e %M" -o "$work/time" \
            dotnet "$dll" train examples/moons.csv >"$work/out.$i"
        cat "$work/time" >>"$work/$i"
    done
done

# The floor: starting the runtime and the tool, parsing the command line, printing the version.
for _ in $(seq "$rounds"); do
    /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$tool" --version >/dev/null
    cat "$work/time" >>"$work/version"
done

echo "| runtime settings | wall time, median of $rounds (fastest) | peak memory (median) | result |"
echo "|---|---:|---:|---|"
for i in "${!names[@]}"; do
    sort -n "$work/$i" | awk -v name="${names[$i]}" -v result="$(tail -1 "$work/out.$i")" '
        { wall[NR] = $1; memory[NR] = $2 }
        END {
            n = NR; m = int((n + 1) / 2);
            # memory sorted separately for its median
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (memory[j] < memory[i]) { t = memory[i]; memory[i] = memory[j]; memory[j] = t }
            printf "| %s | %.2f s (%.2f s) | %.1f MB | %s |\n", name, wall[m], wall[1], memory[m] / 1024, result
        }'
done
sort -n "$work/version" | awk '{ wall[NR] = $1; memory[NR] = $2 } END { m = int((NR + 1) / 2); printf "| as shipped, `--version` only (process start) | %.2f s (%.2f s) | %.1f MB | |\n", wall[m], wall[1], memory[m] / 1024 }'

#!/usr/bin/env bash
# Start-up and size of the installed tool, process start included: the median of N runs (default
# 20) of `--version`, `eval examples/neuron.bp` and the moons demo (`train examples/moons.csv`), for
# the tool installed from this clone's packages (on linux-x64, the Native AOT package) beside the
# framework-dependent build run with `dotnet Backprop.Tool.dll` (the `any` package's code), and the
# installed size. Usage: bench/startup.sh [runs] [PACKAGES-FOLDER]   (default: packs into a scratch
# folder; ./build.sh test leaves one in artifacts/packages). Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

packages=${2:-}
if [[ -z "$packages" ]]; then
    packages="$work/packages"
    dotnet pack tool/Backprop.Tool -c Release -o "$packages" -nologo -v quiet >/dev/null
fi
packages=$(cd "$packages" && pwd)
dotnet build tool/Backprop.Tool -c Release -v quiet -nologo >/dev/null
dll=$PWD/tool/Backprop.Tool/bin/Release/net10.0/Backprop.Tool.dll

printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n' \
    >"$work/nuget.config"
NUGET_PACKAGES="$work/cache" dotnet tool install dotnet-backprop --tool-path "$work/tools" \
    --add-source "$packages" --configfile "$work/nuget.config" >/dev/null
installed="$work/tools/dotnet-backprop"
package=$(readlink "$installed" | sed -E 's|^\.store/dotnet-backprop/[^/]+/([^/]+)/.*|\1|')
cp examples/neuron.bp examples/moons.csv "$work/"
cd "$work"

# Median wall time in milliseconds of running "$@" $runs times (output discarded).
median_ms() {
    local times=() start end
    for ((i = 0; i < runs; i++)); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.0f", m / 1000 }'
}

echo "| command | installed ($package) | framework-dependent (\`dotnet Backprop.Tool.dll\`) |"
echo "|---|---:|---:|"
for command in "--version" "eval neuron.bp" "train moons.csv"; do
    # shellcheck disable=SC2086
    echo "| \`$command\` | $(median_ms "$installed" $command) ms | $(median_ms dotnet "$dll" $command) ms |"
done
size=$(du -sb "$work/tools" | cut -f1)
echo
echo "Installed size (the --tool-path folder, the package's copy included): $(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1e6 }'); median of $runs runs; load average $(cut -d' ' -f1-3 /proc/loadavg)."

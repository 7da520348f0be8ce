#!/usr/bin/env bash
# Runs the notebooks headlessly with dotnet-repl, on the project's packages packed from this
# checkout. Usage:
#   notebooks/run.sh                 # run every notebook and write it back with its outputs
#   notebooks/run.sh --output DIR    # write the run notebooks to DIR instead (the tests do this)
#   notebooks/run.sh [..] NAME.ipynb # only these notebooks
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

output="$PWD/notebooks"
if [[ "${1:-}" == "--output" ]]; then
    output=$(mkdir -p "$2" && cd "$2" && pwd)
    shift 2
fi

dotnet tool restore >/dev/null

# The notebooks' nuget.config names this folder. A package cache of their own, emptied of the
# project's packages, so that a notebook never loads an older build of the same version.
feed=artifacts/notebook-feed
export NUGET_PACKAGES="$PWD/artifacts/notebook-packages"
# Packs take turns with the tests' packs (tests/Backprop.Tool.Tests/PackLock.cs): two packs of the
# same projects at once rebuild and clean each other's outputs.
mkdir -p artifacts
exec 9>artifacts/pack.lock
flock 9
rm -rf "$feed" "$NUGET_PACKAGES"/backprop.*
# The kernel remembers where it found each set of packages; forget the sets that name ours.
cache="$HOME/.packagemanagement/nuget/Cache"
if [[ -d "$cache" ]]; then
    grep -l -i -r 'backprop\.' "$cache" --include='*.paths' 2>/dev/null | while read -r paths; do
        rm -f "$paths" "${paths%.resolvedReferences.paths}".*
    done
fi
for project in src/Backprop.Functional src/Backprop.Functional.Language src/Backprop.Functional.Learning \
    src/Backprop.Fluent src/Backprop.Interactive; do
    dotnet pack "$project" -c Release -o "$feed" --nologo -v quiet >/dev/null
done
flock -u 9
exec 9>&-

cd notebooks
ran=$(mktemp -d)
trap 'rm -rf "$ran"' EXIT
status=0
for notebook in "${@:-*.ipynb}"; do
    for file in $notebook; do
        name=$(basename "$file")
        echo "== $name"
        if ! dotnet repl --run "$name" --exit-after-run --output-path "$ran/$name" >"$ran/$name.log" 2>&1; then
            echo "!! $name did not run to the end"; tail -20 "$ran/$name.log"; status=1
        fi
        if [[ -f "$ran/$name" ]]; then
            dotnet fsi clean.fsx "$ran/$name" "$output/$name"
        fi
    done
done
exit $status

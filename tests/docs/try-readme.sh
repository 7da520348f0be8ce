#!/usr/bin/env bash
# Tries the README's commands as a new user would, unchanged. Each shell block that follows a line
# `<!-- tried: clone -->` runs at the root of this clone; each that follows `<!-- tried: anywhere -->`
# runs in a new, empty home folder outside the repository, as a user who has only the package
# folder that the clone's blocks packed (`~/backprop-feed`) and this machine's NuGet sources.
#
# Every block runs with bash -euo pipefail; one that exits non-zero fails and its output is shown,
# and so does one whose `dotnet run …  # TEXT` or `dotnet fsi …  # TEXT` line does not print TEXT.
# Prints "ok - …" or "FAILED - …" per block, then "N passed, M failed"; exits 1 on any failure.
# Usage: tests/docs/try-readme.sh [MARKDOWN-FILE]   (default: README.md; KEEP_SCRATCH=1 keeps the folder)
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
readme=${1:-$root/README.md}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/backprop-readme.XXXXXX")
if [[ "${KEEP_SCRATCH:-}" != "1" ]]; then
    trap 'rm -rf "$scratch"' EXIT
fi

# What a new user on this machine has: the .NET SDK, its NuGet sources (the user-level config) and,
# for the clone's own builds, the usual package cache, so that packing the clone leaves it as it was.
dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
packages=$(cd "$root" && dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
user_config=""
for name in NuGet.Config nuget.config NuGet.config; do
    if [[ -f "$HOME/.nuget/NuGet/$name" ]]; then user_config="$HOME/.nuget/NuGet/$name"; break; fi
done

new_home() {
    mkdir -p "$1/.nuget/NuGet"
    if [[ -n "$user_config" ]]; then cp "$user_config" "$1/.nuget/NuGet/NuGet.Config"; fi
}

# The blocks, in README order: NN-PLACE.sh with the heading above it in NN-PLACE.sh.title.
blocks="$scratch/blocks"
mkdir -p "$blocks"
awk -v dir="$blocks" '
    inblock && /^```/ { inblock = 0; next }
    inblock { print > file; next }
    /^#+ / { heading = $0; sub(/^#+ /, "", heading); next }
    /^<!-- tried: (clone|anywhere) -->$/ { place = $3; pending = 1; next }
    pending && /^```/ {
        pending = 0; inblock = 1; n++
        file = sprintf("%s/%02d-%s.sh", dir, n, place)
        printf "" > file
        print heading > (file ".title")
        next
    }
' "$readme"

packer="$scratch/packer"
new_home "$packer"
passed=0
failed=0
for block in "$blocks"/*.sh; do
    [[ -e "$block" ]] || break
    place=$(basename "$block" .sh)
    place=${place#*-}
    title="$(basename "$readme"): $(cat "$block.title") ($place, block $(basename "$block" | cut -c1-2))"
    log="$block.log"
    started=$SECONDS
    if [[ "$place" == clone ]]; then
        (cd "$root" && env -u DOTNET_CLI_HOME HOME="$packer" NUGET_PACKAGES="$packages" \
            DOTNET_ROOT="$dotnet_root" MSBUILDDISABLENODEREUSE=1 \
            timeout 900 bash -euo pipefail "$block") >"$log" 2>&1
    else
        user="$scratch/user-$(basename "$block" .sh)"
        new_home "$user"
        if [[ -d "$packer/backprop-feed" ]]; then ln -s "$packer/backprop-feed" "$user/backprop-feed"; fi
        (cd "$user" && env -u DOTNET_CLI_HOME -u NUGET_PACKAGES HOME="$user" \
            PATH="$user/.dotnet/tools:$PATH" DOTNET_ROOT="$dotnet_root" MSBUILDDISABLENODEREUSE=1 \
            timeout 600 bash -euo pipefail "$block") >"$log" 2>&1
    fi
    status=$?
    # A `dotnet run` or `dotnet fsi` line's trailing comment is what it prints: check it did.
    missing=""
    while IFS= read -r expected; do
        if ! grep -qF -- "$expected" "$log"; then missing="$expected"; fi
    done < <(sed -nE 's/^dotnet (run|fsi)( [^#]*)?#[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\3/p' "$block")
    if [[ $status -eq 0 && -n "$missing" ]]; then
        echo "  (the output lacks '$missing', which the README says it prints)" >>"$log"
        status=1
    fi
    if [[ $status -eq 0 ]]; then
        echo "ok - $title ($((SECONDS - started)) s)"
        passed=$((passed + 1))
    else
        echo "FAILED - $title: exit $status after $((SECONDS - started)) s; the block:"
        sed 's/^/    | /' "$block"
        echo "  its output (last 60 lines):"
        tail -n 60 "$log" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
done

if [[ $((passed + failed)) -eq 0 ]]; then
    echo "FAILED - $(basename "$readme") has no block marked <!-- tried: clone --> or <!-- tried: anywhere -->"
    failed=1
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

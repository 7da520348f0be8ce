#!/usr/bin/env bash
# One entry point for building and testing. Usage: ./build.sh [build|test|format|format-check]
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

configuration=Release
target=${1:-test}

restore() {
    dotnet tool restore >/dev/null
    if [[ "${CI:-}" == "true" ]]; then
        dotnet restore Backprop.Functional.sln --locked-mode
    else
        dotnet restore Backprop.Functional.sln
    fi
}

build() {
    restore
    dotnet build Backprop.Functional.sln -c "$configuration" --no-restore
}

strip_colours() { sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g'; }

# Runs every test suite with one `dotnet test` on the solution: the C# xunit projects, and the F#
# Expecto projects through their xunit bridge (tests/Backprop.Tests.ExpectoInXunit); then tries the
# README's commands outside the clone, one test per block (tests/docs/try-readme.sh). Prints the
# failures, one summary line per suite, and closes with "N passed, M failed" over all of them;
# fails if M > 0 or a suite did not report.
test_all() {
    build
    # The suites that install the tool or inspect the packages share one pack of the clone: the
    # tool's per-platform packages (linux-x64 compiled ahead of time) take minutes to build.
    echo "== packing every package once into artifacts/packages (BACKPROP_PACKAGES)"
    rm -rf artifacts/packages
    dotnet pack Backprop.Functional.sln -c "$configuration" --no-restore -o artifacts/packages -nologo -v quiet
    export BACKPROP_PACKAGES="$PWD/artifacts/packages"
    local log status
    log=$(mktemp)
    set +e
    dotnet test Backprop.Functional.sln -c "$configuration" --no-build 2>&1 | strip_colours | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    local passed=0 failed=0 skipped=0 project name line
    echo "== the README's commands, tried in a scratch folder outside the clone (tests/docs/try-readme.sh)"
    bash tests/docs/try-readme.sh >"$log.readme" 2>&1 || true
    grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$log.readme" || true
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log.readme" | tail -1 || true)
    rm -f "$log.readme"
    if [[ -z "$line" ]]; then
        echo "!! tests/docs/try-readme.sh did not report a result"; failed=$((failed + 1))
    else
        passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
        failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
    fi
    for project in $(grep -l 'Include="Microsoft.NET.Test.Sdk"' tests/*/*.*proj); do
        name=$(basename "${project%.*}")
        line=$(grep -E "(Passed|Failed|Skipped)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+, .* - $name\.dll" "$log" | tail -1 || true)
        if [[ -z "$line" ]]; then
            echo "!! $name did not report a result"; failed=$((failed + 1)); continue
        fi
        passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$line")))
        failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")))
        skipped=$((skipped + $(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$line")))
    done
    rm -f "$log"
    if [[ $status -ne 0 && $failed -eq 0 ]]; then
        echo "!! dotnet test exited $status"; failed=1
    fi
    if [[ $skipped -gt 0 ]]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
    [[ $failed -eq 0 ]]
}

case "$target" in
    build) build ;;
    test) test_all ;;
    format)
        dotnet tool restore >/dev/null
        dotnet fantomas src tests examples tool
        ;;
    format-check)
        dotnet tool restore >/dev/null
        dotnet fantomas --check src tests examples tool
        ;;
    *)
        echo "usage: ./build.sh [build|test|format|format-check]" >&2
        exit 2
        ;;
esac

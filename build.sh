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

# Runs every test project: F# projects are Expecto console apps, C# projects are xunit.
# Prints one line "N passed, M failed" over all suites and fails if M > 0 or a suite did not report.
test_all() {
    build
    local passed=0 failed=0 log
    log=$(mktemp)
    for project in tests/*/*.fsproj; do
        echo "== $project"
        set +e
        dotnet run --project "$project" -c "$configuration" --no-build -- --colours 0 --summary 2>&1 | strip_colours | tee "$log"
        set -e
        local line
        line=$(grep -E 'EXPECTO! [0-9]+ tests run' "$log" | tail -1 || true)
        if [[ -z "$line" ]]; then
            echo "!! $project did not report a result"; failed=$((failed + 1)); continue
        fi
        passed=$((passed + $(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")))
        failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
        failed=$((failed + $(sed -E 's/.* ([0-9]+) errored.*/\1/' <<<"$line")))
    done
    for project in tests/*/*.csproj; do
        [[ -e "$project" ]] || continue
        echo "== $project"
        set +e
        dotnet test "$project" -c "$configuration" --no-build 2>&1 | strip_colours | tee "$log"
        set -e
        local line
        line=$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+' "$log" | tail -1 || true)
        if [[ -z "$line" ]]; then
            echo "!! $project did not report a result"; failed=$((failed + 1)); continue
        fi
        passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")))
        failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")))
    done
    rm -f "$log"
    echo "$passed passed, $failed failed"
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

# Tab completion for dotnet-backprop in bash: the tool answers its own [suggest] directive.
# Load it from ~/.bashrc:  source /path/to/dotnet-backprop.bash
# It completes both `dotnet-backprop …` and `dotnet backprop …`.
_dotnet_backprop_complete() {
    local line="${COMP_LINE:0:COMP_POINT}"
    local program="dotnet-backprop"
    case "$line" in
        "dotnet backprop"*) line="${line#dotnet backprop}" ;;
        "dotnet-backprop"*) line="${line#dotnet-backprop}" ;;
        *) return 0 ;;
    esac
    line="${line# }"
    local IFS=$'\n'
    COMPREPLY=($("$program" "[suggest:${#line}]" "$line" 2>/dev/null | grep -v '^/'))
}
complete -o default -F _dotnet_backprop_complete dotnet-backprop

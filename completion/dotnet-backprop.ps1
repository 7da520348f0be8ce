# Tab completion for dotnet-backprop in PowerShell: the tool answers its own [suggest] directive.
# Load it from your profile:  . /path/to/dotnet-backprop.ps1
Register-ArgumentCompleter -Native -CommandName dotnet-backprop -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $line = $commandAst.ToString()
    $start = $commandAst.CommandElements[0].Extent.EndOffset - $commandAst.Extent.StartOffset
    $arguments = $line.Substring($start).TrimStart()
    $position = $cursorPosition - $commandAst.Extent.StartOffset - ($line.Length - $arguments.Length)
    dotnet-backprop "[suggest:$position]" "$arguments" 2>$null |
        Where-Object { -not $_.StartsWith('/') } |
        ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
}

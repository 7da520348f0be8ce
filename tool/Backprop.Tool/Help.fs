/// The command tree, with examples and exit codes appended to every help page.
module Backprop.Tool.Help

open System
open System.IO
open System.Text
open System.CommandLine
open System.CommandLine.Help
open System.CommandLine.Invocation
open Backprop.Tool.Commands

let private examples =
    dict [
        "dotnet backprop",
        [
            "dotnet backprop eval examples/neuron.bp"
            "dotnet backprop eval model.bp --format json --of L --set a=3"
            "cat model.bp | dotnet backprop eval -"
            "dotnet backprop check model.bp --tolerance 1e-5"
            "dotnet backprop graph model.bp | dot -Tsvg > graph.svg"
            "dotnet backprop optimize examples/perceptron.bp --rate 0.01 --until 1e-4"
            "dotnet backprop train examples/moons.csv"
        ]
        "eval",
        [
            "dotnet backprop eval examples/neuron.bp"
            "dotnet backprop eval model.bp --of n --set x1=3 --set w1=0.5"
            "dotnet backprop eval model.bp --format json > result.json"
            "dotnet backprop eval model.bp --format markdown >> \"$GITHUB_STEP_SUMMARY\""
        ]
        "check",
        [
            "dotnet backprop check examples/neuron.bp"
            "dotnet backprop check model.bp --tolerance 1e-4 --step 1e-5 --format json"
            "dotnet backprop check examples/rosenbrock.bp --order 2"
        ]
        "hessian",
        [
            "dotnet backprop hessian examples/rosenbrock.bp"
            "dotnet backprop hessian model.bp --wrt x,y --of f --set x=0.5 --format json"
            "dotnet backprop hessian model.bp --wrt w,b --format csv > hessian.csv"
        ]
        "jacobian",
        [
            "dotnet backprop jacobian model.bp --of y1,y2"
            "dotnet backprop jacobian examples/sigmoid-layer.bp --of z --wrt x --format json"
            "dotnet backprop jacobian model.bp --of y --of loss --wrt W[0,1],b --format markdown"
        ]
        "derive",
        [
            "dotnet backprop derive examples/neuron.bp > neuron-derived.bp"
            "dotnet backprop derive model.bp --wrt w,b --of L --output model-derived.bp"
            "dotnet backprop derive examples/rosenbrock.bp --order 2 | dotnet backprop eval -"
            "dotnet backprop derive examples/neuron.bp --format csharp > NeuronDerivatives.cs"
        ]
        "graph",
        [
            "dotnet backprop graph examples/neuron.bp | dot -Tsvg > neuron.svg"
            "dotnet backprop graph model.bp --format mermaid"
            "dotnet backprop graph examples/neuron.bp --output neuron.svg"
        ]
        "plot",
        [
            "dotnet backprop plot examples/activations.bp --x x --from -4 --to 4 --of tanh_x --of sigmoid_x --output activations.png"
            "dotnet backprop plot model.bp --x a --from -1 --to 1 --points 401 --set b=2 --output f.svg"
        ]
        "optimize",
        [
            "dotnet backprop optimize examples/perceptron.bp --rate 0.01 --until 1e-4 --params w0,w1"
            "dotnet backprop optimize examples/svm.bp --rate 0.1 --steps 400 --format json"
            "dotnet backprop optimize model.bp --rate 0.1 --maximize --of score --set x=2"
        ]
        "train",
        [
            "dotnet backprop train examples/moons.csv"
            "dotnet backprop train examples/moons.csv --plot loss.png --boundary boundary.png"
            "dotnet backprop data moons --n 200 --seed 7 | dotnet backprop train - --layers 8 --loss bce"
            "dotnet backprop train data.csv --steps 500 --lr 0.1 --decay none --format json --save model.json"
        ]
        "moons",
        [
            "dotnet backprop data moons > moons.csv"
            "dotnet backprop data moons --n 1000 --noise 0.2 --seed 7 > moons.csv"
        ]
    ]

/// The width help is wrapped at when standard output is not a terminal (a pipe, a file, a test).
[<Literal>]
let RedirectedWidth = 80

/// The terminal's width, or RedirectedWidth when there is no terminal or it does not say.
let private helpWidth () =
    if Console.IsOutputRedirected then
        RedirectedWidth
    else
        try
            match Console.WindowWidth with
            | width when width > 0 -> width
            | _ -> RedirectedWidth
        with
        | :? IOException
        | :? PlatformNotSupportedException -> RedirectedWidth

/// <summary>
/// The words of <paramref name="text"/> in lines of at most <paramref name="width"/> characters,
/// the first after <paramref name="first"/>, the others after <paramref name="rest"/>; a word
/// longer than a line gets a line of its own. Words are split at spaces outside double quotes, so
/// a quoted argument stays whole. <paramref name="continuation"/> ends every line but the last
/// (<c>" \\"</c> keeps a wrapped command a valid shell command); then an option and its value
/// stay together.
/// </summary>
let wrap (width: int) (first: string) (rest: string) (continuation: string) (text: string) : string list =
    let words = ResizeArray<string>()
    let word = StringBuilder()
    let mutable quoted = false

    for c in text do
        if c = '"' then
            quoted <- not quoted

        if c = ' ' && not quoted then
            if word.Length > 0 then
                words.Add(word.ToString())
                word.Clear() |> ignore
        else
            word.Append c |> ignore

    if word.Length > 0 then
        words.Add(word.ToString())

    // In a command, an option and its value stay on one line ("--of tanh_x", "--from -4"), and
    // so do a redirection and its file ("> moons.csv").
    let isOption (w: string) =
        w.Length > 1 && w[0] = '-' && (w[1] = '-' || Char.IsLetter w[1])
        || w = ">"
        || w = ">>"

    if continuation <> "" then
        let mutable i = 0

        while i < words.Count - 1 do
            if isOption words[i] && not (isOption words[i + 1]) then
                words[i] <- words[i] + " " + words[i + 1]
                words.RemoveAt(i + 1)

            i <- i + 1

    let lines = ResizeArray<string>()
    let line = StringBuilder(first)
    let mutable empty = true

    for w in words do
        if not empty && line.Length + 1 + w.Length + continuation.Length > width then
            lines.Add(line.ToString() + continuation)
            line.Clear().Append(rest) |> ignore
            empty <- true

        if not empty then
            line.Append ' ' |> ignore

        line.Append w |> ignore
        empty <- false

    lines.Add(line.ToString())
    List.ofSeq lines

/// The built-in help wrapped at the terminal's width, followed by examples for the command and the exit codes.
type private ExamplesHelpAction(help: HelpAction) =
    inherit SynchronousCommandLineAction()

    override _.ClearsParseErrors = true

    override _.Invoke(parseResult: ParseResult) =
        let output = parseResult.InvocationConfiguration.Output
        let width = helpWidth ()
        let command = parseResult.CommandResult.Command

        // The built-in help is written to a string first: its layout pads the columns, which
        // leaves spaces at the ends of wrapped lines, trimmed here.
        use builtIn = new StringWriter()
        let configuration = parseResult.InvocationConfiguration
        configuration.Output <- builtIn
        help.MaxWidth <- width

        let code =
            try
                help.Invoke parseResult
            finally
                configuration.Output <- output

        for line in builtIn.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split '\n' do
            output.Write(line.TrimEnd() + "\n")

        output.Write "\n"

        let name =
            if command :? RootCommand then
                "dotnet backprop"
            else
                command.Name

        match examples.TryGetValue name with
        | true, lines ->
            output.Write "Examples:\n"

            for line in lines do
                for part in wrap width "  " "      " " \\" line do
                    output.Write $"{part}\n"

            output.Write "\n"
        | _ -> ()

        output.Write "Exit codes:\n"

        let failsOnNonFinite =
            command.Options |> Seq.exists (fun o -> o.Name = "--fail-on-nonfinite")

        let codes =
            if command :? RootCommand then
                ExitCodes.forCommand "check" true
            else
                ExitCodes.forCommand command.Name failsOnNonFinite

        for code, meaning in codes do
            for part in wrap width $"  {code}  " "     " "" meaning do
                output.Write $"{part}\n"

        output.Write "\n"
        code

/// <summary>
/// <c>--color auto|always|never</c>, on every command: whether diagnostics and tables are coloured.
/// </summary>
let colourOption =
    let option =
        Option<string>(
            "--color",
            Description =
                "Colour diagnostics and tables: auto (on a terminal, unless NO_COLOR is set), always, never. [default: auto]",
            HelpName = "WHEN",
            Recursive = true
        )

    option.AcceptOnlyFromAmong([| "auto"; "always"; "never" |]) |> ignore
    option

/// <summary>
/// The root command. Its help name is "dotnet backprop", not the executable's name, so that usage
/// lines read as users type them.
/// </summary>
let rootCommand () =
    let root =
        RootCommand(
            "Values and gradients of .bp expression files: reverse-mode automatic differentiation (backpropagation).",
            HelpName = "dotnet backprop"
        )

    for option in root.Options do
        match option with
        | :? HelpOption as help -> help.Action <- ExamplesHelpAction(help.Action :?> HelpAction)
        | _ -> ()

    root.Options.Add colourOption
    root.Subcommands.Add(EvalCommand.create ())
    root.Subcommands.Add(CheckCommand.create ())
    root.Subcommands.Add(HessianCommand.create ())
    root.Subcommands.Add(JacobianCommand.create ())
    root.Subcommands.Add(DeriveCommand.create ())
    root.Subcommands.Add(GraphCommand.create ())
    root.Subcommands.Add(PlotCommand.create ())
    root.Subcommands.Add(OptimizeCommand.create ())
    root.Subcommands.Add(TrainCommand.create ())
    root.Subcommands.Add(DataCommand.create ())
    root

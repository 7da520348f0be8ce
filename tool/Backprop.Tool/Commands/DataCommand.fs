/// `dotnet backprop data moons`: writes a generated data set as CSV to standard output, so that
/// the training demo needs no other software.
module Backprop.Tool.Commands.DataCommand

open System
open System.CommandLine
open Backprop.Functional.Learning
open Backprop.Functional.Language
open Backprop.Tool

/// Generates the two moons and writes them as CSV (header x1,x2,label; labels -1 and 1).
let runMoons (count: int) (noise: float) (seed: int64) : int =
    match Moons.generate count noise seed with
    | Error message ->
        Terminal.reportUsageError message
        ExitCodes.BadInput
    | Ok data ->
        use writer = Terminal.openStandardOutput ()
        writer.Write(Csv.format data)
        ExitCodes.Success

let private moons () =
    let count =
        Option<int>(
            "--n",
            Description = $"The number of samples, half on each moon (at most {Moons.MaxSamples:N0}).",
            HelpName = "N",
            DefaultValueFactory = (fun _ -> 100)
        )
        |> NumberOptions.positiveCount

    let noise =
        Option<float>(
            "--noise",
            Description = "The standard deviation of the Gaussian noise added to each coordinate. [default: 0.1]",
            HelpName = "S"
        )
        |> NumberOptions.nonNegative

    let seed =
        Option<int64>(
            "--seed",
            Description = "The seed; the same arguments always give the same data.",
            HelpName = "K",
            DefaultValueFactory = (fun _ -> 1L)
        )

    let command =
        Command(
            "moons",
            "Two interleaving half circles with Gaussian noise (scikit-learn's make_moons construction), labels -1 and 1."
        )

    for option in [ count :> Option; noise; seed ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            let noiseValue =
                match parsed.GetResult noise with
                | null -> 0.1
                | _ -> parsed.GetValue noise

            runMoons (parsed.GetValue count) noiseValue (parsed.GetValue seed))
    )

    command

/// The `data` command and its generators.
let create () =
    let command =
        Command("data", "Write a generated data set as CSV to standard output, ready for train.")

    command.Subcommands.Add(moons ())
    command

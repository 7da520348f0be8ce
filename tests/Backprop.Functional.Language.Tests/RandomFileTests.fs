/// Properties over random .bp files that define and call functions: the analytic gradient of the
/// inlined graph agrees with central differences, and a call is the same graph as its body
/// written out by hand.
module Backprop.Functional.Language.Tests.RandomFileTests

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

/// A smooth expression of the names given, as .bp text, with guarded domains (no log or sqrt of
/// a negative number, no division by zero), so that central differences are meaningful.
let rec private smooth (names: string list) (depth: int) : Gen<string> =
    let name = Gen.elements names

    if depth = 0 then
        Gen.oneof [ name; name |> Gen.map (fun n -> $"0.5 * {n}") ]
    else
        let inner = smooth names (depth - 1)

        Gen.oneof [
            name
            inner |> Gen.map (fun a -> $"tanh({a})")
            inner |> Gen.map (fun a -> $"sigmoid({a})")
            inner |> Gen.map (fun a -> $"sin({a})")
            inner |> Gen.map (fun a -> $"-cos({a})")
            inner |> Gen.map (fun a -> $"sqrt(1 + ({a}) ** 2)")
            inner |> Gen.map (fun a -> $"log(1 + ({a}) ** 2)")
            Gen.map2 (fun a b -> $"({a}) + ({b})") inner inner
            Gen.map2 (fun a b -> $"({a}) - ({b})") inner inner
            Gen.map2 (fun a b -> $"({a}) * ({b})") inner inner
            Gen.map2 (fun a b -> $"({a}) / (1 + ({b}) ** 2)") inner inner
        ]

/// A file: leaves, two functions (the second may call the first), bindings calling them.
let private files: Gen<string> =
    gen {
        let! leafCount = Gen.choose (1, 3)
        let leaves = [ for k in 0 .. leafCount - 1 -> $"x{k}" ]
        let! values = Gen.listOfLength leafCount (Gen.choose (-1500, 1500) |> Gen.map (fun k -> float k / 1000.0))
        let! first = smooth [ "p"; "q" ] 2
        let! secondBody = smooth [ "r"; "f(r, r)" ] 2
        let! bindingCount = Gen.choose (1, 4)

        let! bindings =
            Gen.listOfLength
                bindingCount
                (gen {
                    let! a = Gen.elements leaves
                    let! b = Gen.elements leaves
                    let! kind = Gen.choose (0, 2)

                    return
                        match kind with
                        | 0 -> $"f({a}, {b})"
                        | 1 -> $"g({a})"
                        | _ -> $"g(f({a}, {b})) * {b}"
                })

        let lines = [
            yield $"f(p, q) = {first}"
            yield $"g(r) = {secondBody}"
            for leaf, v in List.zip leaves values -> $"{leaf} = {v}"
            for k, b in List.indexed bindings -> $"y{k} = {b}"
            yield "out = " + String.Join(" + ", [ for k in 0 .. bindings.Length - 1 -> $"y{k}" ])
        ]

        return lines |> String.concat "\n"
    }

let private config = {
    FsCheckConfig.defaultConfig with
        maxTest = 200
}

[<Tests>]
let tests =
    testList "random files with functions" [
        testPropertyWithConfig
            config
            "the analytic gradient of a file that calls functions agrees with central differences"
        <| Prop.forAll (Arb.fromGen files) (fun text ->
            let file = parse [ text ]

            let values =
                match Overrides.leafValues file [] with
                | Ok v -> v
                | Error _ -> failtest "leaf values"

            let result =
                GradientCheck.run file file.LastBinding values { Step = 1e-6; Tolerance = 1e-5 }

            result.Ok |> Prop.label text)
    ]

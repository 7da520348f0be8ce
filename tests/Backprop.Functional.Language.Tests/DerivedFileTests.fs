module Backprop.Functional.Language.Tests.DerivedFileTests

open System
open System.IO
open Expecto
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

/// Every leaf variable of a file, in file order.
let private leavesOf (file: ExpressionFile) = [
    for b in file.Bindings do
        for variable, _ in b.LeafVariables -> variable
]

/// The derived text of the output's first derivatives for every leaf (and second ones for order 2).
let private deriveWith
    (write: ExpressionFile -> string -> DerivedBinding list -> Result<string, Diagnostic>)
    order
    (file: ExpressionFile)
    (output: Binding)
    =
    let wrt = leavesOf file
    let first = Derivative.gradient wrt output.Expr

    let derived = [
        for leaf, d in List.zip wrt first -> DerivedFile.first output.Name leaf d
        if order = 2 then
            for a, d in List.zip wrt first do
                for b, second in List.zip wrt (Derivative.gradient wrt d) -> DerivedFile.second output.Name a b second
    ]

    write file "# derivatives" derived

let private derive order file output =
    match deriveWith DerivedFile.write order file output with
    | Ok text -> text
    | Error d -> failtestf "expected a derived file, got %s" (Diagnostic.render d)

/// The value of every binding of a derived text, by name.
let private valuesOf (text: string) =
    match ExpressionFile.ofText "derived.bp" text with
    | Error ds ->
        failtestf "the derived file does not bind:\n%s\n%s" (ds |> List.map Diagnostic.render |> String.concat "") text
    | Ok derived ->
        let result = evaluate derived
        derived, result.Results |> Array.map (fun r -> r.Name, r.Value) |> dict

let private close (actual: float) (expected: float) =
    actual = expected
    || (Double.IsNaN actual && Double.IsNaN expected)
    || abs (actual - expected) <= 1e-12 * max 1.0 (max (abs actual) (abs expected))

/// The derived file's dOUT_dLEAF of every leaf against eval's gradient of the original.
let private expectGradients (file: ExpressionFile) (output: Binding) =
    let _, values = valuesOf (derive 1 file output)

    let values0 =
        match Overrides.leafValues file [] with
        | Ok v -> v
        | Error _ -> failtest "leaf values"

    let result = Evaluation.run file output values0

    for r in result.Results do
        if r.Binding.IsLeaf then
            let name = DerivedFile.firstName output.Name r.Name
            Expect.isTrue (close values[name] r.Gradient) $"{name}: {values[name]} against eval's {r.Gradient}"

let private repositoryRoot =
    let rec up (dir: DirectoryInfo) =
        if File.Exists(Path.Combine(dir.FullName, "Backprop.Functional.sln")) then
            dir.FullName
        else
            up dir.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

[<Tests>]
let tests =
    testList "DerivedFile" [
        test "the derived file of every example with a scalar output evaluates to eval's gradient of every leaf" {
            let examples = Directory.GetFiles(Path.Combine(repositoryRoot, "examples"), "*.bp")
            Expect.isGreaterThan examples.Length 10 "examples found"

            for path in examples do
                match ExpressionFile.load path with
                | Error _ -> failtestf "%s does not bind" path
                | Ok file ->
                    match Evaluation.output file None with
                    | Ok output when not (leavesOf file).IsEmpty -> expectGradients file output
                    | _ -> ()
        }

        test "the second derivatives of a derived file are the Hessian's" {
            let file =
                parse [
                    "x = 0.7"
                    "y = -1.3"
                    "f = (1 - x)**2 + 100*(y - x**2)**2 + sin(x * y) / exp(y)"
                ]

            let _, values = valuesOf (derive 2 file file.LastBinding)
            let h = Derivative.hessian [ "x"; "y" ] file.LastBinding.Expr

            let expected =
                Derivative.evaluate (Bindings.ofList [ "x", 0.7; "y", -1.3 ]) (Seq.cast<Expr> h)

            for k, name in List.indexed [ "d2f_dx_dx"; "d2f_dx_dy"; "d2f_dy_dx"; "d2f_dy_dy" ] do
                Expect.isTrue (close values[name] expected[k]) $"{name}: {values[name]} against {expected[k]}"
        }

        test "kinks are written with greater, and the derived file reproduces their conventions" {
            for x in [ -2.0; 0.0; 3.0; 5.0 ] do
                let file = parse [ $"x = {x}"; "y = 3"; "f = relu(x) * max(x, y) + min(x, y) * x" ]
                let text = derive 1 file file.LastBinding
                Expect.stringContains text "greater(" "greater is written"
                expectGradients file file.LastBinding
        }

        test "a node used more than once is bound once to a fresh name and referred to by it" {
            let text =
                derive
                    1
                    (parse [ "x = 0.5"; "t = tanh(x)"; "y = t * t * t" ])
                    (parse [ "x = 0.5"; "t = tanh(x)"; "y = t * t * t" ]).LastBinding

            Expect.stringContains text "\n_t1 = " "a fresh binding"
            Expect.stringContains text "dy_dx = " "the derivative"
        }

        test "the derived file of the neuron is exactly its lines then one binding per leaf, sharing 1 - o*o" {
            let file =
                parse [
                    "x1 = 2.0"
                    "w1 = -3.0"
                    "b = 6.8813735870195432"
                    "n = x1 * w1 + b"
                    "o = tanh(n)"
                ]

            Expect.equal
                (derive 1 file file.LastBinding)
                (lines [
                    "x1 = 2.0"
                    "w1 = -3.0"
                    "b = 6.8813735870195432"
                    "n = x1 * w1 + b"
                    "o = tanh(n)"
                    ""
                    "# derivatives"
                    "_t1 = 1 - o * o"
                    "do_dx1 = _t1 * w1"
                    "do_dw1 = _t1 * x1"
                    "do_db = _t1"
                ])
                "derived text"
        }

        test "fresh names have more leading underscores than any name of the file, so they cannot collide" {
            let file =
                parse [ "x = 0.5"; "_t1 = tanh(x)"; "__t2 = _t1 * _t1"; "y = __t2 * __t2" ]

            let text = derive 1 file file.LastBinding
            Expect.stringContains text "\n___t1 = " "three underscores"
            expectGradients file file.LastBinding
        }

        test "a constant derivative is written in parentheses, so that it stays computed, not a leaf" {
            let file = parse [ "x = 2"; "c = 5"; "y = 3 * x" ]
            let text = derive 1 file file.LastBinding
            Expect.stringContains text "dy_dx = (3)\n" "a computed constant"
            Expect.stringContains text "dy_dc = (0)\n" "zero"
            let derived, _ = valuesOf text
            Expect.isFalse (derived.TryFind "dy_dx").Value.IsLeaf "not a leaf"
        }

        test "negative constants read back as the same numbers" {
            let file =
                parse [ "x = -0.25"; "y = -3 * x ** -2 + x / -7 - (-2) ** 3 * x * 1e-300 + 2 ** x" ]

            expectGradients file file.LastBinding
        }

        test "elements of vector leaves are named with underscores and referred to by their element names" {
            let file =
                parse [ "w = [2, -3]"; "x = [0.5, 4]"; "z = sigmoid(w * x)"; "L = dot(z, z)" ]

            let text = derive 1 file file.LastBinding
            Expect.stringContains text "dL_dw_0 = " "w[0]"
            Expect.stringContains text "z[1]" "an element of a computed vector by its name"
            expectGradients file file.LastBinding
        }

        test "a derived name the file already binds is an error at that binding" {
            let file = parse [ "a = 1"; "dL_da = 2"; "L = a * dL_da" ]

            match deriveWith DerivedFile.write 1 file file.LastBinding with
            | Ok _ -> failtest "expected an error"
            | Error d -> expectError d 2 1 "'dL_da' is already bound here"
        }

        test "two derivatives of one name are an error" {
            let file = parse [ "w = [1, 2]"; "w_0 = 3"; "L = w[0] * w_0" ]

            match deriveWith DerivedFile.write 1 file file.LastBinding with
            | Ok _ -> failtest "expected an error"
            | Error d -> Expect.stringContains d.Message "would both be named 'dL_dw_0'" "message"
        }

        test "a derived file past the line-length or size limit is an error stating the limit" {
            let file = parse [ "x = 0.5"; "y = tanh(x) * exp(x) * sin(x)" ]

            match deriveWith (DerivedFile.writeWithLimits 20 1_000_000L) 1 file file.LastBinding with
            | Ok text -> failtestf "expected an error, got\n%s" text
            | Error d -> Expect.stringContains d.Message "more than the language's limit of 20" "line"

            match deriveWith (DerivedFile.writeWithLimits 1000 50L) 1 file file.LastBinding with
            | Ok text -> failtestf "expected an error, got\n%s" text
            | Error d -> Expect.stringContains d.Message "input limit of 50 bytes" "size"
        }

        test "a chain 100,000 operations deep derives into short lines, linear in the chain" {
            let text =
                lines (
                    "x = 0.5"
                    :: [
                        for k in 1..100_000 ->
                            if k = 1 then
                                "y1 = sin(x) * 1.0001"
                            else
                                $"y{k} = sin(y{k - 1}) * 1.0001"
                    ]
                )

            let file =
                match ExpressionFile.ofText "chain.bp" text with
                | Ok f -> f
                | Error _ -> failtest "chain"

            let derived = derive 1 file file.LastBinding
            Expect.isLessThan derived.Length (4 * text.Length) "linear"

            for line in derived.Split '\n' do
                Expect.isLessThan line.Length 400 "short lines"

            expectGradients file file.LastBinding
        }
    ]

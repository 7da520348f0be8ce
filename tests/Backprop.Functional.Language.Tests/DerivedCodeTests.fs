module Backprop.Functional.Language.Tests.DerivedCodeTests

open System
open System.IO
open System.Reflection
open Expecto
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private repositoryRoot =
    let rec up (dir: DirectoryInfo) =
        if File.Exists(Path.Combine(dir.FullName, "Backprop.Functional.sln")) then
            dir.FullName
        else
            up dir.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

let private load (example: string) =
    match ExpressionFile.load (Path.Combine(repositoryRoot, "examples", example + ".bp")) with
    | Ok file -> file
    | Error _ -> failtestf "%s does not bind" example

/// The first derivatives of the last binding for every leaf, as derive writes them by default.
let private firstDerivatives (file: ExpressionFile) =
    let output = file.LastBinding

    let wrt = [
        for b in file.Bindings do
            for variable, _ in b.LeafVariables -> variable
    ]

    List.zip wrt (Derivative.gradient wrt output.Expr)
    |> List.map (fun (leaf, d) -> DerivedFile.first output.Name leaf d)

let private written language (file: ExpressionFile) =
    match DerivedCode.write language file file.LastBinding (firstDerivatives file) with
    | Ok text -> text
    | Error d -> failtestf "expected code, got %s" (Diagnostic.render d)

/// The value of every scalar binding of the derived .bp file, by name.
let private derivedValues (file: ExpressionFile) =
    match DerivedFile.write file "# derivatives" (firstDerivatives file) with
    | Error d -> failtestf "expected a derived file, got %s" (Diagnostic.render d)
    | Ok text ->
        let derived = parse [ text ]
        let result = evaluate derived
        result.Results |> Array.map (fun r -> r.Name, r.Value) |> dict

// The F# that derive wrote for these examples is compiled into this project (golden/*.fs).
let private compiled = [
    "neuron", "NeuronDerivatives"
    "micrograd-more-ops", "MicrogradMoreOpsDerivatives"
    "activations", "ActivationsDerivatives"
    "sigmoid-layer", "SigmoidLayerDerivatives"
    "perceptron-vectors", "PerceptronVectorsDerivatives"
]

[<Tests>]
let tests =
    testList "DerivedCode" [
        test "the F# of each example is the golden module compiled into these tests" {
            for example, moduleName in compiled do
                let path =
                    Path.Combine(
                        repositoryRoot,
                        "tests",
                        "Backprop.Functional.Language.Tests",
                        "golden",
                        moduleName + ".fs"
                    )

                let expected = File.ReadAllText(path).ReplaceLineEndings("\n")
                Expect.equal (written CodeLanguage.FSharp (load example)) expected $"{example}: derive --format fsharp"
        }

        test "the compiled F# gives the derived .bp file's numbers bit for bit" {
            for example, moduleName in compiled do
                let file = load example
                let expected = derivedValues file
                let moduleType = Assembly.GetExecutingAssembly().GetType moduleName
                let result = moduleType.GetMethod("atFileValues").Invoke(null, [||])
                let properties = result.GetType().GetProperties()

                Expect.equal
                    properties.Length
                    ((firstDerivatives file).Length + 1)
                    $"{example}: the output and one field per derivative"

                for p in properties do
                    let actual = p.GetValue result :?> float
                    Expect.isTrue (expected.ContainsKey p.Name) $"{example}: {p.Name} is in the derived file"

                    Expect.isTrue
                        (actual.Equals expected[p.Name])
                        $"{example}: {p.Name} is {actual} in F#, {expected[p.Name]} in the derived file"
        }

        test "a derivative of a file with every kind of number writes each as a float literal" {
            let file = parse [ "x = 2"; "y = x * -3 + x ** 2 + 1e-7 * x" ]
            let text = written CodeLanguage.CSharp file
            Expect.stringContains text "x * -3.0" "a negative integer"
            Expect.stringContains text "Math.Pow(x, 2.0)" "a power"
            Expect.stringContains text "1e-07 * x" "an exponent"
            let text = written CodeLanguage.FSharp file
            Expect.stringContains text "x ** 2.0" "F#'s power"
        }

        test "type names come from the file name, made a valid identifier" {
            Expect.equal (DerivedCode.typeName "examples/neuron.bp") "NeuronDerivatives" "one word"
            Expect.equal (DerivedCode.typeName "my file-2.bp") "MyFile2Derivatives" "words"
            Expect.equal (DerivedCode.typeName "2d.bp") "Expression2dDerivatives" "a leading digit"
            Expect.equal (DerivedCode.typeName "-") "ExpressionDerivatives" "standard input"
        }
    ]

/// Random expression DAGs with shared subexpressions, for property tests.
module Backprop.Functional.Tests.RandomDag

open System.Collections.Generic
open FsCheck
open FsCheck.FSharp
open Backprop.Functional

/// One new node, built from earlier nodes (by index); reuse of indices creates sharing.
type Step =
    | Unary of op: int * source: int
    | Binary of op: int * left: int * right: int

/// Nodes 0 .. Inputs.Length-1 are the variables x0, x1, …; each step appends one node; the last is the root.
type Recipe = {
    Inputs: float list
    Steps: Step list
} with

    override this.ToString() = sprintf "%A" this

let unaryCount = 9
let binaryCount = 5

/// Smooth operations only, with guarded domains, so central differences are meaningful.
let applyUnary op (x: Expr) =
    match op with
    | 0 -> tanh x
    | 1 -> sigmoid x
    | 2 -> exp (tanh x)
    | 3 -> x ** 2.0
    | 4 -> sin x
    | 5 -> cos x
    | 6 -> -x
    | 7 -> sqrt (1.0 + x ** 2.0)
    | _ -> log (1.0 + x ** 2.0)

let applyBinary op (a: Expr) (b: Expr) =
    match op with
    | 0 -> a + b
    | 1 -> a - b
    | 2 -> a * b
    | 3 -> a / (1.0 + b ** 2.0)
    | _ -> (1.0 + a ** 2.0) ** tanh b

let variableName i = sprintf "x%d" i

let bindings (recipe: Recipe) =
    recipe.Inputs |> List.mapi (fun i v -> variableName i, v) |> Bindings.ofList

/// Builds every node in recipe order (operands first), calling between before each step.
let buildAllWith (recipe: Recipe) (between: unit -> unit) : Expr[] =
    let nodes = ResizeArray<Expr>()

    for i in 0 .. recipe.Inputs.Length - 1 do
        nodes.Add(Expr.var (variableName i))

    for step in recipe.Steps do
        between ()

        match step with
        | Unary(op, s) -> nodes.Add(applyUnary op nodes[s])
        | Binary(op, l, r) -> nodes.Add(applyBinary op nodes[l] nodes[r])

    nodes.ToArray()

/// Builds the nodes in recipe order (operands first), calling between before each step; the root.
let buildWith (recipe: Recipe) (between: unit -> unit) : Expr =
    Array.last (buildAllWith recipe between)

/// Builds the nodes in recipe order (operands first); the root.
let build (recipe: Recipe) : Expr = buildWith recipe ignore

/// Every node of the recipe, variables first, the root last.
let buildAll (recipe: Recipe) : Expr[] = buildAllWith recipe ignore

/// Builds the same DAG root first, creating each node only when first needed (memoised), so the
/// nodes are allocated in a different order than by build.
let buildFromRoot (recipe: Recipe) : Expr =
    let steps = Array.ofList recipe.Steps
    let inputs = recipe.Inputs.Length
    let built = Dictionary<int, Expr>()

    let rec node i =
        match built.TryGetValue i with
        | true, e -> e
        | _ ->
            let e =
                if i < inputs then
                    Expr.var (variableName i)
                else
                    match steps[i - inputs] with
                    | Unary(op, s) -> applyUnary op (node s)
                    | Binary(op, l, r) ->
                        let right = node r
                        applyBinary op (node l) right

            built[i] <- e
            e

    node (inputs + steps.Length - 1)

let private input = Gen.choose (-2000, 2000) |> Gen.map (fun k -> float k / 1000.0)

let private step nodesSoFar =
    let index = Gen.choose (0, nodesSoFar - 1)

    Gen.oneof [
        gen {
            let! op = Gen.choose (0, unaryCount - 1)
            let! s = index
            return Unary(op, s)
        }
        gen {
            let! op = Gen.choose (0, binaryCount - 1)
            let! l = index
            let! r = index
            return Binary(op, l, r)
        }
    ]

let rec private stepsFrom nodesSoFar remaining =
    if remaining = 0 then
        Gen.constant []
    else
        gen {
            let! s = step nodesSoFar
            let! rest = stepsFrom (nodesSoFar + 1) (remaining - 1)
            return s :: rest
        }

let recipes: Gen<Recipe> =
    gen {
        let! inputCount = Gen.choose (1, 4)
        let! inputs = Gen.listOfLength inputCount input
        let! stepCount = Gen.choose (1, 30)
        let! steps = stepsFrom inputCount stepCount
        return { Inputs = inputs; Steps = steps }
    }

let arbitrary = Arb.fromGen recipes

/// Derivatives as expressions: the symbolic reverse sweep, second derivatives, Jacobians.
module Backprop.Functional.Tests.DerivativeTests

open System
open Expecto
open FsCheck.FSharp
open Backprop.Functional
open Backprop.Functional.Tests.Support
open Backprop.Functional.Tests.RandomDag

let private x, y = Expr.var "x", Expr.var "y"

/// Close to 1e-12 relative, with an absolute floor of 1e-12 for numbers near 0.
let private agree (a: float) (b: float) =
    (Double.IsNaN a && Double.IsNaN b)
    || a = b
    || abs (a - b) <= 1e-12 * max 1.0 (max (abs a) (abs b))

let private valuesAt pairs (expressions: Expr seq) =
    Derivative.evaluate (bind pairs) expressions

let private matrixAt pairs (m: Expr[,]) =
    let values = valuesAt pairs (Seq.cast<Expr> m)
    Array2D.init (Array2D.length1 m) (Array2D.length2 m) (fun i j -> values[i * Array2D.length2 m + j])

[<Tests>]
let tests =
    testList "derivatives as expressions" [
        testProperty "the symbolic gradient gives the numeric tape's numbers to 1e-12"
        <| Prop.forAll arbitrary (fun recipe ->
            let root = build recipe
            let numeric = Gradient.compute (bindings recipe) root
            let names = List.ofSeq numeric.Tape.Variables
            let symbolic = Derivative.gradient names root
            let values = Derivative.evaluate (bindings recipe) symbolic

            List.forall2 (fun name v -> agree v numeric[name]) names (List.ofArray values)
            |> Prop.label $"%A{values} vs %A{numeric.Variables}")

        // Linear, not exponential, in the original's size: a rule adds a few nodes per node (the
        // power's, the largest, about fourteen) and one sum per extra contribution. These random
        // DAGs lean on powers: over 5,000 cases the ratio was at most 4.52 (4× + 8 failed in 6), so
        // the bound is 6×; lost sharing would multiply the size at every level, far past it.
        testProperty "the gradient graph shares the original's nodes and is at most 6 times its size"
        <| Prop.forAll arbitrary (fun recipe ->
            let root = build recipe
            let original = Graph.ofExpr root
            let names = List.ofSeq (Tape.compile root).Variables

            match Derivative.gradient names root with
            | [] -> true
            | first :: rest ->
                let together = Graph.ofRoots first (root :: rest)
                together.Count <= 6 * original.Count + 8)

        test "every operation of the table has a derivative rule, and a node that views as it" {
            let table =
                typeof<Operation>.Assembly.GetType("Backprop.Functional.OperationModule").GetProperties()
                |> Array.filter (fun p -> p.PropertyType = typeof<Operation>)
                |> Array.map (fun p -> p.GetValue null :?> Operation)

            Expect.isGreaterThan table.Length 14 "the table is found"

            for operation in table |> Array.filter (fun o -> o.Arity > 0) do
                // A second operand for two-operand operations; a constant exponent for a power by a
                // constant (one-operand operations ignore it).
                let second = if operation.Arity = 2 then y else Expr.constant 2.0
                let built = Expr.OfOperation(operation, x, second)
                Expect.isTrue (obj.ReferenceEquals(built.Operation, operation)) $"{operation} views as itself"
                let d = Derivative.gradient [ "x" ] built
                Expect.equal d.Length 1 $"{operation} has a derivative"
        }

        test "the derivative of x·x reads as x + x" {
            Expect.equal (string (Derivative.ofNode x (x * x))) "(x + x)" "printed"
        }

        test "constants fold and ones vanish: d/dx of 3·x + 2 is 3" {
            Expect.equal (string (Derivative.gradient [ "x" ] (3.0 * x + 2.0)).Head) "3" "printed"
        }

        test "a negation of a negation vanishes: d/dx of y·(a - (b - x)) is y" {
            let a, b, y = Expr.var "a", Expr.var "b", Expr.var "y"
            let d = Derivative.gradient [ "x" ] (y * (a - (b - x)))
            Expect.equal (string d.Head) "y" "-(-y) = y"
        }

        test "a variable the root does not use has derivative 0" {
            Expect.equal (string (Derivative.gradient [ "y" ] (tanh x)).Head) "0" "printed"
        }

        test "the Rosenbrock function's Hessian at (1, 1) is [[802, -400], [-400, 200]]" {
            let rosenbrock = (1.0 - x) ** 2.0 + 100.0 * (y - x ** 2.0) ** 2.0
            let h = matrixAt [ "x", 1.0; "y", 1.0 ] (Derivative.hessian [ "x"; "y" ] rosenbrock)
            Expect.equal h (array2D [ [ 802.0; -400.0 ]; [ -400.0; 200.0 ] ]) "Hessian"
        }

        test "the Hessian of x²y at (1, 3) is [[6, 2], [2, 0]]" {
            let h =
                matrixAt [ "x", 1.0; "y", 3.0 ] (Derivative.hessian [ "x"; "y" ] (x ** 2.0 * y))

            Expect.equal h (array2D [ [ 6.0; 2.0 ]; [ 2.0; 0.0 ] ]) "Hessian"
        }

        test "nesting has no perturbation confusion: d/dx (x · d/dy (x·y) at y = 2) at x = 1 is 2" {
            let inner = Derivative.gradient [ "y" ] (x * y) |> List.head
            // The inner derivative is x, whatever y is; the outer one differentiates x · x.
            let outer = Derivative.gradient [ "x" ] (x * inner) |> List.head
            Expect.equal (valuesAt [ "x", 1.0; "y", 2.0 ] [ outer ]) [| 2.0 |] "d/dx"
        }

        testProperty "a Hessian-vector product equals the Hessian times the vector"
        <| Prop.forAll arbitrary (fun recipe ->
            let root = build recipe
            let names = List.ofSeq (Tape.compile root).Variables
            let v = names |> List.mapi (fun i _ -> 0.5 - 0.25 * float i)

            let h =
                matrixAt
                    (bindings recipe |> Seq.map (fun p -> p.Key, p.Value) |> List.ofSeq)
                    (Derivative.hessian names root)

            let hv =
                Derivative.evaluate (bindings recipe) (Derivative.hessianVectorProduct names v root)

            hv
            |> Array.mapi (fun i value ->
                let expected = List.mapi (fun j vj -> h[i, j] * vj) v |> List.sum
                abs (value - expected) <= 1e-9 * max 1.0 (abs expected) || Double.IsNaN expected)
            |> Array.forall id)

        testProperty "the Hessian agrees with central differences of the gradient"
        <| Prop.forAll arbitrary (fun recipe ->
            let root = build recipe
            let at = bindings recipe
            let names = List.ofSeq (Tape.compile root).Variables
            let point = at |> Seq.map (fun p -> p.Key, p.Value) |> List.ofSeq
            let h = matrixAt point (Derivative.hessian names root)
            let step = 1e-5

            let gradientAt (name: string) (delta: float) =
                let shifted =
                    point |> List.map (fun (n, v) -> n, (if n = name then v + delta else v))

                let g = Gradient.compute (bind shifted) root
                names |> List.map (fun n -> g[n]) |> Array.ofList

            names
            |> List.mapi (fun j name ->
                let above, below = gradientAt name step, gradientAt name -step

                Array.init names.Length (fun i ->
                    let numeric = (above[i] - below[i]) / (2.0 * step)

                    not (Double.IsFinite h[i, j])
                    || abs h[i, j] > 1e4
                    || abs (h[i, j] - numeric) <= 1e-4 * max 1.0 (abs numeric))
                |> Array.forall id)
            |> List.forall id)

        testProperty "forward mode gives the gradient's directional derivative"
        <| Prop.forAll arbitrary (fun recipe ->
            let root = build recipe
            let numeric = Gradient.compute (bindings recipe) root
            let names = List.ofSeq numeric.Tape.Variables
            let direction = names |> List.mapi (fun i name -> name, 1.0 - 0.5 * float i)

            let forward =
                Derivative.jvp direction [ root ] |> Derivative.evaluate (bindings recipe)

            let expected = direction |> List.sumBy (fun (name, v) -> numeric[name] * v)

            abs (forward[0] - expected) <= 1e-10 * max 1.0 (abs expected)
            || Double.IsNaN expected)

        test "forward mode of two outputs is the Jacobian times the direction" {
            let jv = Derivative.jvp [ "x", 1.0; "y", -2.0 ] [ x * y; x + sin y ]
            Expect.equal (valuesAt [ "x", 2.0; "y", 0.5 ] jv) [| 0.5 - 4.0; 1.0 - 2.0 * Math.Cos 0.5 |] "J·v"
        }

        test "the Jacobian of two outputs has one row per output" {
            let j = Derivative.jacobian [ "x"; "y" ] [ x * y; x + sin y ]
            let values = matrixAt [ "x", 2.0; "y", 0.5 ] j
            Expect.equal values (array2D [ [ 0.5; 2.0 ]; [ 1.0; Math.Cos 0.5 ] ]) "Jacobian"
        }

        test "kinks keep their conventions at every order: relu'(0) = 0 and max's tie goes to the second" {
            let at0 = valuesAt [ "x", 0.0; "y", 0.0 ]
            Expect.equal (at0 (Derivative.gradient [ "x" ] (relu x))) [| 0.0 |] "relu'(0)"
            Expect.equal (at0 (Derivative.gradient [ "x"; "y" ] (Expr.max x y))) [| 0.0; 1.0 |] "max tie"
            Expect.equal (at0 (Derivative.gradient [ "x"; "y" ] (Expr.min x y))) [| 0.0; 1.0 |] "min tie"
            let relu'' = Derivative.hessian [ "x" ] (relu x * x)
            Expect.equal (matrixAt [ "x", 1.5 ] relu'') (array2D [ [ 2.0 ] ]) "(x·relu x)'' for x > 0"
        }

        test "a power's mixed second derivatives at exponent 0 are the limit's, and agree" {
            // d/da a**b = b·a**(b-1), so d²/db da at b = 0 is 1/a; and d/db a**b = a**b·ln a, so
            // d²/da db at b = 0 is 1/a too. Only a = b = 0 keeps a convention (0·0**-1 would be NaN).
            let h = matrixAt [ "x", 2.0; "y", 0.0 ] (Derivative.hessian [ "x"; "y" ] (x ** y))
            Expect.equal h[0, 1] 0.5 "d²/dx dy"
            Expect.equal h[1, 0] 0.5 "d²/dy dx"

            Expect.equal
                (valuesAt [ "x", 0.0; "y", 0.0 ] (Derivative.gradient [ "x"; "y" ] (x ** y)))
                [| 0.0; 0.0 |]
                "at 0, 0"
        }

        test "the gradient graph of a 100,000-node random DAG has at most 4 times its nodes" {
            // The benchmarks' shape: 64 strands, each node on the one 64 back, sums sharing a recent node.
            let random = Random 1
            let inputs = [| for i in 0..15 -> Expr.var $"x{i}" |]
            let nodes = ResizeArray<Expr>(inputs)

            for k in 0..99_999 do
                let a = nodes[max 0 (nodes.Count - 64)]

                nodes.Add(
                    match k % 5 with
                    | 0 -> tanh a
                    | 1
                    | 2 -> a * inputs[random.Next 16]
                    | _ -> a + nodes[random.Next(max 0 (nodes.Count - 1024), nodes.Count)]
                )

            let root = Expr.sum (Seq.skip (nodes.Count - 64) nodes)
            let names = [ for i in 0..15 -> $"x{i}" ]
            let gradient = Derivative.gradient names root
            let original = (Graph.ofExpr root).Count
            let together = (Graph.ofRoots gradient.Head (root :: gradient)).Count
            Expect.isLessThanOrEqual together (4 * original) $"{together} nodes for {original}"
        }

        test "a chain 100,000 operations deep is differentiated without a stack overflow" {
            let mutable e = x

            for k in 1..100_000 do
                e <- if k % 2 = 0 then e * 0.9999 else tanh e + 0.001

            let d = Derivative.gradient [ "x" ] e |> List.head
            let numeric = Gradient.compute (bind [ "x", 0.3 ]) e
            Expect.isTrue (agree (valuesAt [ "x", 0.3 ] [ d ]).[0] numeric["x"]) "same number"
        }

        test "the derivative is differentiated again: the second derivative of sin is -sin" {
            let d2 =
                Derivative.gradient [ "x" ] (sin x)
                |> List.head
                |> Derivative.gradient [ "x" ]
                |> List.head

            expectClose exact (valuesAt [ "x", 0.7 ] [ d2 ]).[0] (-(Math.Sin 0.7)) "sin''"
        }
    ]

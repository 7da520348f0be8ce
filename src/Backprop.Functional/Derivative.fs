namespace Backprop.Functional

open System.Collections.Generic

/// <summary>
/// Expressions that build expressions and simplify as they go: what the symbolic reverse sweep
/// writes derivatives in. <c>x + 0 = x</c>, <c>x·1 = x</c>, <c>0·x = 0</c>, <c>(-1)·((-1)·x) = x</c>,
/// <c>x**1 = x</c>, <c>x**0 = 1</c>, and an operation of constants is folded into a constant.
/// Nothing is ever rebuilt or expanded, so sharing is kept.
/// </summary>
/// <remarks>
/// <c>0·x = 0</c> holds for finite x only; a derivative that is 0 by algebra stays 0 where IEEE
/// arithmetic would give NaN (<c>0·∞</c>), as symbolic differentiation in PyTorch and JAX does.
/// </remarks>
type internal SimplifyingAlgebra() =
    let constant (e: Expr) =
        match e.Node with
        | Const c -> ValueSome c
        | _ -> ValueNone

    let isConstant value (e: Expr) =
        match e.Node with
        | Const c -> c = value
        | _ -> false

    let fold (operation: Operation) (a: Expr) (b: Expr) =
        let node = Expr.OfOperation(operation, a, b)
        Expr.OfNode(Const(Evaluate.value (Dictionary<string, float>()) node))

    interface IAlgebra<Expr> with
        member _.Constant value = Expr.OfNode(Const value)

        member _.TryConstant term = constant term

        member _.Apply(operation, a, b) =
            let allConstant =
                (constant a).IsSome
                && (isNull (box b) || operation.Arity < 2 || (constant b).IsSome)

            if obj.ReferenceEquals(operation, Operation.add) then
                if isConstant 0.0 a then b
                elif isConstant 0.0 b then a
                elif allConstant then fold operation a b
                else Expr.OfOperation(operation, a, b)
            elif obj.ReferenceEquals(operation, Operation.mul) then
                let negated (e: Expr) =
                    match e.Node with
                    | Mul(m, x) when isConstant -1.0 m -> ValueSome x
                    | _ -> ValueNone

                if isConstant 0.0 a || isConstant 0.0 b then
                    Expr.OfNode(Const 0.0)
                elif isConstant 1.0 a then
                    b
                elif isConstant 1.0 b then
                    a
                elif allConstant then
                    fold operation a b
                elif isConstant -1.0 a && (negated b).IsSome then
                    (negated b).Value
                else
                    Expr.OfOperation(operation, a, b)
            elif obj.ReferenceEquals(operation, Operation.powConst) && isConstant 1.0 b then
                a
            elif obj.ReferenceEquals(operation, Operation.powConst) && isConstant 0.0 b then
                Expr.OfNode(Const 1.0)
            elif allConstant then
                fold operation a b
            else
                Expr.OfOperation(operation, a, b)

/// <summary>
/// Derivatives as expressions: the reverse sweep run over the graph to build new nodes instead
/// of numbers. The result is an ordinary <see cref="T:Backprop.Functional.Expr"/> that shares
/// the original's nodes — one new node or two per adjoint contribution, so its size is linear in
/// the original's — and that evaluates, compiles, prints and is differentiated again. Every
/// primitive's derivative comes from the operations table, with the kink conventions of the
/// numeric sweeps (<c>relu'(0) = 0</c>; max and min send the adjoint to the second operand on a
/// tie) at every order.
/// </summary>
[<RequireQualifiedAccess>]
module Derivative =

    let private algebra = SimplifyingAlgebra() :> IAlgebra<Expr>

    /// The adjoint of every node of the root's graph, as expressions (null for nodes the root's
    /// derivative does not reach), in the graph's order. Iterative: one pass, last node first.
    let private adjoints (root: Expr) : Graph * Expr[] =
        let graph = Graph.ofExpr root
        let nodes = graph.NodeArray
        let adjoint = Array.zeroCreate<Expr> nodes.Length
        adjoint[nodes.Length - 1] <- algebra.Constant 1.0

        let accumulate (child: Expr) (contribution: Expr) =
            let k = (graph.TryIndexOf child).Value

            adjoint[k] <-
                if isNull (box adjoint[k]) then
                    contribution
                else
                    algebra.Apply(Operation.add, adjoint[k], contribution)

        for i in nodes.Length - 1 .. -1 .. 0 do
            let g = adjoint[i]
            let struct (operation, a, b) = nodes[i].View

            if not (isNull (box g)) && operation.Arity > 0 then
                let struct (toA, toB) = operation.Derivative.Adjoints(algebra, a, b, nodes[i], g)
                accumulate a toA

                if operation.Arity > 1 then
                    accumulate b toB

        graph, adjoint

    /// <summary>
    /// d(root)/d(variable) for each name, as expressions sharing the root's nodes; the constant
    /// 0 for a name the root does not use. O(nodes of the root), iterative at any depth.
    /// </summary>
    [<CompiledName("Gradient")>]
    let gradient (variables: string list) (root: Expr) : Expr list =
        let graph, adjoint = adjoints root
        let byName = Dictionary<string, Expr>()

        // A name may stand in several variable nodes: its derivative is the sum of theirs.
        for i in 0 .. graph.Count - 1 do
            match graph.NodeArray[i].Node with
            | Var name when not (isNull (box adjoint[i])) ->
                byName[name] <-
                    match byName.TryGetValue name with
                    | true, earlier -> algebra.Apply(Operation.add, earlier, adjoint[i])
                    | _ -> adjoint[i]
            | _ -> ()

        [
            for name in variables ->
                match byName.TryGetValue name with
                | true, d -> d
                | _ -> algebra.Constant 0.0
        ]

    /// <summary>
    /// The derivative of <paramref name="root"/> with respect to the node <paramref name="node"/>
    /// of its graph (any node, named or not), as an expression; the constant 0 if the root does
    /// not depend on it.
    /// </summary>
    [<CompiledName("OfNode")>]
    let ofNode (node: Expr) (root: Expr) : Expr =
        let graph, adjoint = adjoints root

        match graph.TryIndexOf node with
        | ValueSome i when not (isNull (box adjoint[i])) -> adjoint[i]
        | _ -> algebra.Constant 0.0

    /// <summary>
    /// The matrix of second derivatives <c>H[i, j] = d²(root)/d(variables[i]) d(variables[j])</c>,
    /// as expressions: the gradient differentiated again, one symbolic sweep per variable.
    /// </summary>
    [<CompiledName("Hessian")>]
    let hessian (variables: string list) (root: Expr) : Expr[,] =
        let first = gradient variables root |> Array.ofList
        let rows = first |> Array.map (gradient variables >> Array.ofList)
        Array2D.init first.Length first.Length (fun i j -> rows[i][j])

    /// <summary>
    /// The Hessian times a vector, <c>H·v</c>, as expressions, in time and size linear in the
    /// root's graph: the gradient of <c>∇f·v</c>, not n gradients.
    /// </summary>
    [<CompiledName("HessianVectorProduct")>]
    let hessianVectorProduct (variables: string list) (v: float list) (root: Expr) : Expr list =
        if List.length v <> List.length variables then
            invalidArg
                (nameof v)
                $"The vector has {List.length v} elements; there are {List.length variables} variables."

        let directional =
            List.map2
                (fun d (vi: float) -> algebra.Apply(Operation.mul, d, algebra.Constant vi))
                (gradient variables root)
                v
            |> List.reduce (fun total term -> algebra.Apply(Operation.add, total, term))

        gradient variables directional

    /// <summary>
    /// The Jacobian <c>J[k, j] = d(outputs[k])/d(variables[j])</c>, as expressions: one reverse
    /// sweep per output (outputs are usually fewer than inputs).
    /// </summary>
    [<CompiledName("Jacobian")>]
    let jacobian (variables: string list) (outputs: Expr list) : Expr[,] =
        let rows = outputs |> List.map (gradient variables >> Array.ofList) |> Array.ofList
        Array2D.init rows.Length (List.length variables) (fun k j -> rows[k][j])

    /// <summary>
    /// Forward mode: the directional derivative of each output along <paramref name="direction"/>
    /// (a number per variable; variables not named move by 0), <c>J·v</c>, as expressions. One
    /// sweep forward over the outputs' graph, each node's tangent built from its operands'
    /// tangents through the same derivative rules the reverse sweep uses. Cheaper than the
    /// reverse sweep when outputs outnumber the variables that move.
    /// </summary>
    [<CompiledName("DirectionalDerivative")>]
    let jvp (direction: (string * float) list) (outputs: Expr list) : Expr list =
        match outputs with
        | [] -> []
        | first :: _ ->
            let speeds = dict direction
            let graph = Graph.ofRoots first outputs
            let nodes = graph.NodeArray
            // null: a tangent of 0, which needs no node.
            let tangent = Array.zeroCreate<Expr> nodes.Length

            let tangentOf (child: Expr) =
                if isNull (box child) then
                    Unchecked.defaultof<Expr>
                else
                    tangent[(graph.TryIndexOf child).Value]

            for i in 0 .. nodes.Length - 1 do
                let node = nodes[i]
                let struct (operation, a, b) = node.View

                match node.Node with
                | Var name ->
                    match speeds.TryGetValue name with
                    | true, speed when speed <> 0.0 -> tangent[i] <- algebra.Constant speed
                    | _ -> ()
                | _ when operation.Arity > 0 ->
                    let ta = tangentOf a

                    let tb =
                        if operation.Arity > 1 then
                            tangentOf b
                        else
                            Unchecked.defaultof<Expr>

                    let rule = operation.Derivative
                    // The rule gives (g·∂y/∂a, g·∂y/∂b); with g the operand's tangent, its first
                    // (or second) part is that operand's share of the node's tangent.
                    let fromA =
                        if isNull (box ta) then
                            Unchecked.defaultof<Expr>
                        else
                            let struct (share, _) = rule.Adjoints(algebra, a, b, node, ta)
                            share

                    let fromB =
                        if isNull (box tb) then
                            Unchecked.defaultof<Expr>
                        else
                            let struct (_, share) = rule.Adjoints(algebra, a, b, node, tb)
                            share

                    tangent[i] <-
                        if isNull (box fromA) then fromB
                        elif isNull (box fromB) then fromA
                        else algebra.Apply(Operation.add, fromA, fromB)
                | _ -> ()

            [
                for output in outputs ->
                    let t = tangentOf output
                    if isNull (box t) then algebra.Constant 0.0 else t
            ]

    /// <summary>
    /// The values of several expressions at one point, from one tape of all of them (each shared
    /// node computed once). Raises <see cref="T:Backprop.Functional.UnboundVariableException"/>
    /// for a variable with no value.
    /// </summary>
    [<CompiledName("Evaluate")>]
    let evaluate (bindings: IReadOnlyDictionary<string, float>) (expressions: Expr seq) : float[] =
        let expressions = Array.ofSeq expressions

        if expressions.Length = 0 then
            [||]
        else
            let tape = Tape.compileRoots expressions[0] expressions
            let values = Array.zeroCreate<float> tape.Length

            tape.Forward(System.ReadOnlySpan(tape.Inputs bindings), System.Span values)
            |> ignore

            expressions |> Array.map (fun e -> values[(tape.Graph.TryIndexOf e).Value])

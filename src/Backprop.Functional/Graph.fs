namespace Backprop.Functional

open System.Collections.Generic

/// <summary>
/// The distinct nodes of an expression in topological order: every node after its operands,
/// the root last. This is the one traversal of the expression DAG; everything that sweeps
/// (evaluation, gradients, rendering) starts from it.
/// </summary>
[<Sealed>]
type Graph internal (nodes: Expr[], index: Dictionary<Expr, int>) =

    /// The distinct nodes, operands before the nodes that use them; the root is the last.
    member _.Nodes: IReadOnlyList<Expr> = nodes

    /// The number of distinct nodes.
    member _.Count = nodes.Length

    /// The root expression.
    member _.Root = nodes[nodes.Length - 1]

    /// <summary>The position of <paramref name="node"/> in <see cref="P:Backprop.Functional.Graph.Nodes"/>, if it is part of the graph. O(1).</summary>
    member _.TryIndexOf(node: Expr) =
        match index.TryGetValue node with
        | true, i -> ValueSome i
        | _ -> ValueNone

    member internal _.NodeArray = nodes

/// Builds the graph of an expression.
[<RequireQualifiedAccess>]
module Graph =

    /// <summary>
    /// The distinct nodes reachable from <paramref name="root"/>, each once, in topological order.
    /// O(nodes + edges) time and memory; iterative, so depth is bounded only by memory.
    /// </summary>
    [<CompiledName("OfExpr")>]
    let ofExpr (root: Expr) : Graph =
        let index = Dictionary<Expr, int>()
        let order = ResizeArray<Expr>()
        // Post-order depth-first search with an explicit stack. A node is entered once (the first
        // time it is popped) and emitted once, after all its operands were emitted. A node may sit
        // on the stack more than once, so the stack is bounded by the number of edges. An entered node
        // has index -1 until it is emitted.
        let stack = Stack<struct (Expr * bool)>()
        stack.Push(struct (root, false))

        let push (operand: Expr) =
            if not (index.ContainsKey operand) then
                stack.Push(struct (operand, false))

        while stack.Count > 0 do
            let struct (node, operandsDone) = stack.Pop()

            if operandsDone then
                index[node] <- order.Count
                order.Add node
            elif index.TryAdd(node, -1) then
                stack.Push(struct (node, true))

                // The second operand is pushed first so that the first operand is emitted first.
                match node.Node with
                | Const _
                | Var _ -> ()
                | Exp x
                | Log x
                | Tanh x
                | Sigmoid x
                | Relu x -> push x
                | Add(a, b)
                | Mul(a, b)
                | Pow(a, b)
                | Max(a, b)
                | Min(a, b) ->
                    push b
                    push a

        Graph(order.ToArray(), index)

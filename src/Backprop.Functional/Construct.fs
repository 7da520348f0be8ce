namespace Backprop.Functional

/// <summary>
/// Functions that build expressions. Every function is O(1) and allocates one node
/// (derived operations a few); none of them evaluates anything.
/// </summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Expr =

    /// A constant: a number with no gradient row of its own.
    [<CompiledName("Constant")>]
    let constant (value: float) = Expr.OfNode(Const value)

    /// A named variable whose value comes from the bindings.
    [<CompiledName("Variable")>]
    let var (name: string) =
        if isNull name then
            nullArg (nameof name)

        Expr.OfNode(Var name)

    /// <c>a + b</c>.
    [<CompiledName("Add")>]
    let add (a: Expr) (b: Expr) = a + b

    /// <c>a · b</c>.
    [<CompiledName("Multiply")>]
    let mul (a: Expr) (b: Expr) = a * b

    /// <c>-a</c>.
    [<CompiledName("Negate")>]
    let neg (a: Expr) = -a

    /// <c>a - b</c>.
    [<CompiledName("Subtract")>]
    let sub (a: Expr) (b: Expr) = a - b

    /// <c>a / b</c>, in one rounding.
    [<CompiledName("Divide")>]
    let div (a: Expr) (b: Expr) = a / b

    /// <c>a ** b</c>, differentiated in the base and the exponent (even when b's value is constant).
    [<CompiledName("Power")>]
    let pow (a: Expr) (b: Expr) = Expr.Pow(a, b)

    /// <c>a ** c</c> for a constant exponent: differentiated in the base only.
    [<CompiledName("PowerConstant")>]
    let powConst (a: Expr) (c: float) = Expr.Pow(a, c)

    /// <c>e^x</c>.
    [<CompiledName("Exp")>]
    let exp (x: Expr) = Expr.Exp x

    /// Natural logarithm.
    [<CompiledName("Log")>]
    let log (x: Expr) = Expr.Log x

    /// Hyperbolic tangent.
    [<CompiledName("Tanh")>]
    let tanh (x: Expr) = Expr.Tanh x

    /// Logistic sigmoid <c>1 / (1 + e^-x)</c>, stable for any finite x.
    [<CompiledName("Sigmoid")>]
    let sigmoid (x: Expr) = Expr.OfNode(Sigmoid x)

    /// <c>max(0, x)</c>, with derivative 0 at 0.
    [<CompiledName("Relu")>]
    let relu (x: Expr) = Expr.OfNode(Relu x)

    /// Sine (radians).
    [<CompiledName("Sin")>]
    let sin (x: Expr) = Expr.Sin x

    /// Cosine (radians).
    [<CompiledName("Cos")>]
    let cos (x: Expr) = Expr.Cos x

    /// <c>|x|</c>, with derivative 0 at 0.
    [<CompiledName("Abs")>]
    let abs (x: Expr) = Expr.Abs x

    /// <c>√x</c>, correctly rounded.
    [<CompiledName("Sqrt")>]
    let sqrt (x: Expr) = Expr.Sqrt x

    /// The larger of two expressions; on a tie the gradient goes to <c>b</c>.
    [<CompiledName("Max")>]
    let max (a: Expr) (b: Expr) = Expr.OfNode(Max(a, b))

    /// The smaller of two expressions; on a tie the gradient goes to <c>b</c>.
    [<CompiledName("Min")>]
    let min (a: Expr) (b: Expr) = Expr.OfNode(Min(a, b))

    /// <c>1</c> where <c>a &gt; b</c>, else <c>0</c> (also when either is NaN); its derivative is 0.
    [<CompiledName("Greater")>]
    let greater (a: Expr) (b: Expr) = Expr.OfNode(Greater(a, b))

    /// <c>1</c> where <c>a = b</c>, else <c>0</c> (also when either is NaN); its derivative is 0.
    [<CompiledName("Equal")>]
    let equal (a: Expr) (b: Expr) = Expr.OfNode(Equal(a, b))

    /// The sum of a sequence of expressions (the constant 0 when empty), built as a left-leaning chain.
    [<CompiledName("Sum")>]
    let sum (terms: Expr seq) =
        use e = terms.GetEnumerator()

        if e.MoveNext() then
            let mutable total = e.Current

            while e.MoveNext() do
                total <- total + e.Current

            total
        else
            constant 0.0

/// Functions that FSharp.Core has no generic version of; open the namespace to use them unqualified.
[<AutoOpen>]
module ExprOperators =

    /// Logistic sigmoid of an expression.
    let sigmoid (x: Expr) = Expr.sigmoid x

    /// <c>max(0, x)</c> of an expression.
    let relu (x: Expr) = Expr.relu x

    /// <c>a ** b</c> for expressions, with constants on either side through the overloads of <c>**</c>.
    let pow (a: Expr) (b: Expr) = Expr.pow a b

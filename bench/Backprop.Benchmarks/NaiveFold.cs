using Backprop.Functional;

namespace Backprop.Benchmarks;

/// <summary>
/// The baseline that shows why sharing matters: value and gradient by plain recursion over the
/// expression as a tree, as a first attempt would write them. Each shared node is revisited once
/// per path to it. Only for small inputs: it recurses and its cost is exponential on DAGs.
/// </summary>
public static class NaiveFold
{
    public static double Value(Expr e, double x) => e.Node switch
    {
        Node.Var => x,
        Node.Const c => c.value,
        Node.Add add => Value(add.Item1, x) + Value(add.Item2, x),
        Node.Mul mul => Value(mul.Item1, x) * Value(mul.Item2, x),
        _ => throw new NotSupportedException(e.Node.ToString()),
    };

    /// <summary>d(e)/dx with a single variable, pushing adjoints down every path.</summary>
    public static double Gradient(Expr e, double x)
    {
        var total = 0.0;
        Push(e, 1.0, x, ref total);
        return total;
    }

    private static void Push(Expr e, double adjoint, double x, ref double total)
    {
        switch (e.Node)
        {
            case Node.Var:
                total += adjoint;
                break;
            case Node.Const:
                break;
            case Node.Add add:
                Push(add.Item1, adjoint, x, ref total);
                Push(add.Item2, adjoint, x, ref total);
                break;
            case Node.Mul mul:
                Push(mul.Item1, adjoint * Value(mul.Item2, x), x, ref total);
                Push(mul.Item2, adjoint * Value(mul.Item1, x), x, ref total);
                break;
            default:
                throw new NotSupportedException(e.Node.ToString());
        }
    }
}

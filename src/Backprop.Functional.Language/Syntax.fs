namespace Backprop.Functional.Language

/// The binary operators of the language.
type BinaryOperator =
    /// <c>a + b</c>.
    | Plus
    /// <c>a - b</c>.
    | Minus
    /// <c>a * b</c>.
    | Times
    /// <c>a / b</c>.
    | Divide
    /// <c>a ** b</c> (also written <c>a ^ b</c>).
    | Power
    /// <c>a @ b</c>: the matrix product (of two vectors, the dot product), as Python's <c>@</c>.
    | MatrixProduct

/// <summary>
/// One step of an expression in postfix (reverse Polish) order: operands before the operation
/// that uses them. A flat array of these is the parsed form of an expression; it has no depth,
/// so building expressions from it never recurses, however deeply the source nests.
/// </summary>
type PostfixItem =
    /// A numeric literal.
    | Number of value: float * position: Position
    /// A reference to an earlier binding.
    | Name of name: string * position: Position
    /// Unary minus of the preceding operand.
    | Negate of position: Position
    /// A binary operation of the two preceding operands.
    | Binary of BinaryOperator * position: Position
    /// A call of a function with this many preceding operands as arguments.
    | Call of name: string * argumentCount: int * position: Position
    /// <c>[a, b, …]</c>: a vector of this many preceding operands, or a matrix when they are vectors (its rows).
    /// The position is the opening bracket's.
    | Brackets of elementCount: int * position: Position
    /// <c>v[i]</c> or <c>W[i, j]</c>: the operand before this many preceding index operands. The
    /// position is the opening bracket's.
    | Index of indexCount: int * position: Position

/// What the right-hand side of a binding is, which decides its role (SPEC §1).
type RightHandSide =
    /// Only a numeric literal, optionally with a leading minus: an input of the computation.
    | Literal of value: float
    /// Only another name: the same node under a second name.
    | Alias of target: string * position: Position
    /// Only brackets of numeric literals (<c>[2.0, -3.0]</c>, <c>[[1, 2], [3, 4]]</c>), in postfix
    /// order: an input vector or matrix, one variable per element.
    | TensorLiteral of PostfixItem[]
    /// Any other expression, in postfix order.
    | Expression of PostfixItem[]
    /// <summary>
    /// The line defines a function, <c>NAME(P1, P2, …) = EXPR</c>, rather than binding a name: its
    /// parameters (each with where it is written) and its body, in postfix order.
    /// </summary>
    | Definition of parameters: (string * Position)[] * body: PostfixItem[]

/// <summary>
/// One line of the form <c>NAME = EXPR</c>, or <c>NAME(P1, P2, …) = EXPR</c> for the definition of
/// a function (a <see cref="T:Backprop.Functional.Language.RightHandSide"/> of <c>Definition</c>).
/// </summary>
type Statement = {
    /// The bound name, or the name of the function defined.
    Name: string
    /// Where the name is written.
    Position: Position
    /// The right-hand side.
    Value: RightHandSide
}

namespace Backprop.Functional.Language

open Backprop.Functional

/// A function the language knows: its name, its number of arguments and how it builds an expression.
type FunctionDefinition = {
    /// The name used in calls.
    Name: string
    /// The number of arguments it takes.
    Arity: int
    /// Builds the expression from exactly <c>Arity</c> arguments.
    Build: Expr[] -> Expr
}

/// The functions callable from expression files (SPEC §1).
[<RequireQualifiedAccess>]
module Functions =

    let private unary name (f: Expr -> Expr) = {
        Name = name
        Arity = 1
        Build = fun args -> f args[0]
    }

    let private binary name (f: Expr -> Expr -> Expr) = {
        Name = name
        Arity = 2
        Build = fun args -> f args[0] args[1]
    }

    /// Every function, in the order the documentation lists them.
    let all = [
        unary "tanh" Expr.tanh
        unary "exp" Expr.exp
        unary "log" Expr.log
        unary "sigmoid" Expr.sigmoid
        unary "relu" Expr.relu
        binary "pow" Expr.pow
        binary "max" Expr.max
        binary "min" Expr.min
    ]

    let private byName = all |> List.map (fun f -> f.Name, f) |> dict

    /// The function of that name, if the language has one.
    let tryFind (name: string) =
        match byName.TryGetValue name with
        | true, f -> Some f
        | _ -> None

    /// The names of all functions, for error messages.
    let names = all |> List.map _.Name |> String.concat ", "

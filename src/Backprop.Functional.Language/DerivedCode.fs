namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open System.Text
open Backprop.Functional

/// The languages a derivative can be written in besides <c>.bp</c>.
[<RequireQualifiedAccess>]
type CodeLanguage =
    /// An F# module with a function of the leaves returning an anonymous record.
    | FSharp
    /// A C# static class with a method of the leaves returning a named tuple.
    | CSharp
    /// A LaTeX <c>aligned</c> block, one equation per binding.
    | Latex

/// <summary>
/// Writes the output of a file and its derivatives as F#, C# or LaTeX, with the sharing of
/// <c>derive</c>'s <c>.bp</c> text (<see cref="M:Backprop.Functional.Language.GraphText.render"/>):
/// every computed binding of the file the derivatives need keeps its name, a shared or long
/// piece gets a fresh one. The code takes the leaves as parameters (a vector as an array, a
/// matrix as a two-dimensional array) and computes the primitives exactly as the engine does, so
/// its numbers are the engine's to the last bit.
/// </summary>
[<RequireQualifiedAccess>]
module DerivedCode =

    // The primitives System.Math has, under the engine's name; each computes what the engine's
    // rule computes (Operation.fs).
    let private mathFunctions =
        dict [
            "exp", "Exp"
            "log", "Log"
            "tanh", "Tanh"
            "sin", "Sin"
            "cos", "Cos"
            "abs", "Abs"
            "sqrt", "Sqrt"
        ]

    // The primitives it lacks, as the engine defines them (NaN conventions included): F# and C#.
    let private fsharpPrimitives =
        dict [
            "sigmoid",
            "let sigmoid (a: float) =\n    if a >= 0.0 then 1.0 / (1.0 + Math.Exp(-a)) else let e = Math.Exp a in e / (1.0 + e)"
            "relu", "let relu (a: float) =\n    if a > 0.0 then a elif a <= 0.0 then 0.0 else a"
            "max", "let max (a: float, b: float) =\n    if a > b then a elif Double.IsNaN a then a else b"
            "min", "let min (a: float, b: float) =\n    if a < b then a elif Double.IsNaN a then a else b"
            "greater", "let greater (a: float, b: float) = if a > b then 1.0 else 0.0"
            "equal", "let equal (a: float, b: float) = if a = b then 1.0 else 0.0"
        ]

    let private csharpPrimitives =
        dict [
            "sigmoid",
            "public static double Sigmoid(double a)\n{\n    if (a >= 0) return 1.0 / (1.0 + Math.Exp(-a));\n    var e = Math.Exp(a);\n    return e / (1.0 + e);\n}"
            "relu", "public static double Relu(double a) => a > 0 ? a : a <= 0 ? 0.0 : a;"
            "max", "public static double Max(double a, double b) => a > b ? a : double.IsNaN(a) ? a : b;"
            "min", "public static double Min(double a, double b) => a < b ? a : double.IsNaN(a) ? a : b;"
            "greater", "public static double Greater(double a, double b) => a > b ? 1.0 : 0.0;"
            "equal", "public static double Equal(double a, double b) => a == b ? 1.0 : 0.0;"
        ]

    let private latexFunctions =
        dict [
            "exp", @"\exp"
            "log", @"\ln"
            "tanh", @"\tanh"
            "sin", @"\sin"
            "cos", @"\cos"
            "max", @"\max"
            "min", @"\min"
            "sigmoid", @"\sigma"
        ]

    let private fsharpKeywords =
        set (
            ("abstract and as assert base begin class default delegate do done downcast downto elif else end "
             + "exception extern false finally fixed for fun function global if in inherit inline interface "
             + "internal lazy let match member module mutable namespace new not null of open or override "
             + "private public rec return select sig static struct then to true try type upcast use val void "
             + "when while with yield const break checked component constraint continue event external include "
             + "mixin parallel process protected pure sealed tailcall trait virtual params asr land lor lsl lsr lxor mod")
                .Split(' ')
        )

    let private csharpKeywords =
        set (
            ("abstract as base bool break byte case catch char checked class const continue decimal default "
             + "delegate do double else enum event explicit extern false finally fixed float for foreach goto if "
             + "implicit in int interface internal is lock long namespace new null object operator out override "
             + "params private protected public readonly ref return sbyte sealed short sizeof stackalloc static "
             + "string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using virtual "
             + "void volatile while")
                .Split(' ')
        )

    /// Names the generated code itself uses, which a binding must not shadow.
    let private reservedNames = set [ "Math"; "Double"; "Primitives"; "_" ]

    /// A number with a decimal point or an exponent, so that neither language reads it as an integer.
    let private decimalText (c: float) =
        let text = NumberText.roundTrip c

        if text.Contains '.' || text.Contains 'e' then
            text
        else
            text + ".0"

    let private codeConstant (infinity: string) (nan: string) (c: float) =
        if Double.IsNaN c then
            GraphText.piece Precedence.Atom nan
        elif Double.IsPositiveInfinity c then
            GraphText.piece Precedence.Atom infinity
        elif Double.IsNegativeInfinity c then
            GraphText.piece Precedence.Unary ("-" + infinity)
        elif Double.IsNegative c then
            GraphText.piece Precedence.Unary ("-" + decimalText -c)
        else
            GraphText.piece Precedence.Atom (decimalText c)

    let private unknown (language: string) (operation: Operation) =
        invalidOp $"the operation '{operation.Name}' has no {language} form"

    let private commaList (texts: string seq) = String.Join(", ", texts)

    let private argumentList (operands: Piece[]) =
        String.Join(", ", operands |> Array.map _.Text)

    /// Calls of System.Math and of the generated Primitives; F# and C# write them alike.
    let private call
        (language: string)
        (primitives: IDictionary<string, string>)
        (primitiveName: string -> string)
        (operation: Operation)
        (operands: Piece[])
        =
        match operation.Notation with
        | Notation.Call name when mathFunctions.ContainsKey name ->
            GraphText.piece Precedence.Atom ("Math." + mathFunctions[name] + "(" + argumentList operands + ")")
        // An operation the tables do not know (one defined by a library user) is called as a
        // Primitives function of its name, for the user to write.
        | Notation.Call name ->
            GraphText.piece Precedence.Atom ("Primitives." + primitiveName name + "(" + argumentList operands + ")")
        | _ -> unknown language operation

    let private fsharpDialect =
        { new Dialect with
            member _.Constant c = codeConstant "infinity" "nan" c

            member _.Apply(operation, operands) =
                match operation.Notation with
                | Notation.Infix "+" -> GraphText.sum operands[0] " + " operands[1]
                | Notation.Infix "*" -> GraphText.product operands[0] " * " operands[1]
                | Notation.Infix "/" -> GraphText.product operands[0] " / " operands[1]
                | Notation.Prefix _ -> GraphText.negation operands[0]
                // F#'s ** on floats is Math.Pow, the engine's power. Marked as loose as a
                // product so that a negation of it is parenthesised: -(x ** 2.0).
                | Notation.Infix "**" ->
                    GraphText.piece
                        Precedence.Product
                        (GraphText.operand Precedence.Atom operands[0]
                         + " ** "
                         + GraphText.operand Precedence.Atom operands[1])
                | _ -> call "F#" fsharpPrimitives id operation operands

            member _.Negate x = GraphText.negation x
            member _.Subtract(a, b) = GraphText.sum a " - " b
        }

    let private capitalised (name: string) =
        string (Char.ToUpperInvariant name[0]) + name[1..]

    let private csharpDialect =
        { new Dialect with
            member _.Constant c =
                codeConstant "double.PositiveInfinity" "double.NaN" c

            member _.Apply(operation, operands) =
                match operation.Notation with
                | Notation.Infix "+" -> GraphText.sum operands[0] " + " operands[1]
                | Notation.Infix "*" -> GraphText.product operands[0] " * " operands[1]
                | Notation.Infix "/" -> GraphText.product operands[0] " / " operands[1]
                | Notation.Prefix _ -> GraphText.negation operands[0]
                | Notation.Infix "**" -> GraphText.piece Precedence.Atom ("Math.Pow(" + argumentList operands + ")")
                | _ -> call "C#" csharpPrimitives capitalised operation operands

            member _.Negate x = GraphText.negation x
            member _.Subtract(a, b) = GraphText.sum a " - " b
        }

    /// <c>x1</c> as <c>x_{1}</c>, <c>w[0]</c> as <c>w_{0}</c>, a longer name in upright italics (<c>\mathit{x1w1}</c>).
    let private latexName (name: string) =
        let bracket = name.IndexOf '['

        let stem, subscript =
            if bracket > 0 then
                name[.. bracket - 1], name[bracket + 1 .. name.Length - 2].Replace(" ", "")
            else
                let letters = name.TrimEnd([| '0' .. '9' |])

                if letters.Length = 1 && name.Length > 1 then
                    letters, name[letters.Length ..]
                else
                    name, ""

        let stem =
            if stem.Length = 1 then
                stem
            else
                @"\mathit{" + stem.Replace("_", @"\_") + "}"

        if subscript = "" then
            stem
        else
            stem + "_{" + subscript + "}"

    let private latexConstant (c: float) =
        if Double.IsNaN c then
            GraphText.piece Precedence.Atom @"\mathrm{NaN}"
        elif Double.IsInfinity c then
            GraphText.piece
                (if c > 0.0 then Precedence.Atom else Precedence.Unary)
                ((if c > 0.0 then "" else "-") + @"\infty")
        else
            let text = NumberText.roundTrip (abs c)

            let text =
                match text.IndexOf 'e' with
                | -1 -> text
                | e -> text[.. e - 1] + @" \cdot 10^{" + string (int text[e + 1 ..]) + "}"

            if Double.IsNegative c then
                GraphText.piece Precedence.Unary ("-" + text)
            elif text.Contains ' ' then
                GraphText.piece Precedence.Product text
            else
                GraphText.piece Precedence.Atom text

    let private latexNegation (x: Piece) =
        let inner =
            if x.Precedence >= Precedence.Unary then
                x.Text
            else
                @"\left(" + x.Text + @"\right)"

        GraphText.piece Precedence.Unary ("-" + inner)

    let private latexDialect =
        { new Dialect with
            member _.Constant c = latexConstant c

            member _.Apply(operation, operands) =
                let parenthesised (minimum: int) (p: Piece) =
                    if p.Precedence >= minimum then
                        p.Text
                    else
                        @"\left(" + p.Text + @"\right)"

                match operation.Notation with
                | Notation.Infix "+" ->
                    GraphText.piece
                        Precedence.Sum
                        (parenthesised Precedence.Sum operands[0]
                         + " + "
                         + parenthesised Precedence.Product operands[1])
                | Notation.Infix "*" ->
                    GraphText.piece
                        Precedence.Product
                        (parenthesised Precedence.Product operands[0]
                         + @" \cdot "
                         + parenthesised Precedence.Unary operands[1])
                | Notation.Infix "**" ->
                    GraphText.piece
                        Precedence.Power
                        ("{" + parenthesised Precedence.Atom operands[0] + "}^{" + operands[1].Text + "}")
                | Notation.Infix "/" ->
                    GraphText.piece Precedence.Atom (@"\frac{" + operands[0].Text + "}{" + operands[1].Text + "}")
                | Notation.Prefix _ -> latexNegation operands[0]
                | Notation.Call "abs" -> GraphText.piece Precedence.Atom (@"\left|" + operands[0].Text + @"\right|")
                | Notation.Call "sqrt" -> GraphText.piece Precedence.Atom (@"\sqrt{" + operands[0].Text + "}")
                | Notation.Call "equal" ->
                    GraphText.piece
                        Precedence.Atom
                        (@"\left[" + operands[0].Text + " = " + operands[1].Text + @"\right]")
                | Notation.Call "greater" ->
                    GraphText.piece
                        Precedence.Atom
                        (@"\left[" + operands[0].Text + " > " + operands[1].Text + @"\right]")
                | Notation.Call name ->
                    let head =
                        match latexFunctions.TryGetValue name with
                        | true, command -> command
                        | _ -> @"\operatorname{" + name + "}"

                    GraphText.piece Precedence.Atom (head + @"\left(" + argumentList operands + @"\right)")
                | Notation.Infix _
                | Notation.Leaf -> unknown "LaTeX" operation

            member _.Negate x = latexNegation x

            member _.Subtract(a, b) =
                let right =
                    if b.Precedence >= Precedence.Product then
                        b.Text
                    else
                        @"\left(" + b.Text + @"\right)"

                GraphText.piece Precedence.Sum (a.Text + " - " + right)
        }

    /// <summary><c>neuron.bp</c> as <c>NeuronDerivatives</c>: the name of the generated module or class.</summary>
    let typeName (file: string) =
        let stem = IO.Path.GetFileNameWithoutExtension file

        let words =
            stem.Split(
                stem.ToCharArray() |> Array.filter (fun c -> not (Char.IsAsciiLetterOrDigit c)),
                StringSplitOptions.RemoveEmptyEntries
            )

        let name = words |> Array.map capitalised |> String.concat ""

        let name =
            if name = "" || Char.IsAsciiDigit name[0] then
                "Expression" + name
            else
                name

        name + "Derivatives"

    /// How a name of the file is written in the language, or why it cannot be.
    let private identifier (language: CodeLanguage) (name: string) : Result<string, string> =
        if reservedNames.Contains name then
            Error name
        else
            match language with
            | CodeLanguage.FSharp when fsharpKeywords.Contains name -> Ok("``" + name + "``")
            | CodeLanguage.CSharp when csharpKeywords.Contains name -> Ok("@" + name)
            | CodeLanguage.Latex -> Ok(latexName name)
            | _ -> Ok name

    /// <c>w[0]</c> in code: the array's identifier, then the index (<c>W[1, 0]</c> for a matrix).
    let private elementIdentifier (language: CodeLanguage) (variable: string) =
        let bracket = variable.IndexOf '['

        if bracket < 0 || language = CodeLanguage.Latex then
            identifier language variable
        else
            identifier language variable[.. bracket - 1]
            |> Result.map (fun stem -> stem + variable[bracket..].Replace(" ", "").Replace(",", ", "))

    /// The LaTeX of a derivative's name: \frac{\partial o}{\partial x_{1}}.
    let private latexDerivative (output: string) (wrt: string list) =
        let o = latexName output

        match wrt with
        | [ a ] -> $@"\frac{{\partial {o}}}{{\partial {latexName a}}}"
        | [ a; b ] when a = b -> $@"\frac{{\partial^{{2}} {o}}}{{\partial {latexName a}^{{2}}}}"
        | [ a; b ] -> $@"\frac{{\partial^{{2}} {o}}}{{\partial {latexName a}\,\partial {latexName b}}}"
        | _ -> invalidArg (nameof wrt) "a derivative is taken with respect to one or two leaves"

    /// <summary>
    /// The output <paramref name="output"/> of <paramref name="file"/> and its derivatives written in
    /// <paramref name="language"/>, under the names of <paramref name="derived"/>. Errors: those of
    /// <c>DerivedFile.nameProblem</c>, and a name of the file the generated code needs for itself
    /// (<c>Math</c>, <c>Double</c>, <c>Primitives</c>, <c>_</c>).
    /// </summary>
    let write
        (language: CodeLanguage)
        (file: ExpressionFile)
        (output: Binding)
        (derived: DerivedBinding list)
        : Result<string, Diagnostic> =
        let derivedArray = Array.ofList derived

        let reserved =
            file.Bindings
            |> Seq.tryFind (fun b -> reservedNames.Contains b.Name)
            |> Option.map (fun b ->
                file.ErrorAt(
                    b,
                    $"'{b.Name}' is a name the generated code uses for itself; rename this binding to write the derivatives as code"
                ))

        match DerivedFile.nameProblem file derivedArray, reserved with
        | Some problem, _
        | None, Some problem -> Error problem
        | None, None ->
            let name (text: string) =
                match identifier language text with
                | Ok text -> text
                | Error _ -> invalidOp "reserved names are refused above"

            let dialect =
                match language with
                | CodeLanguage.FSharp -> fsharpDialect
                | CodeLanguage.CSharp -> csharpDialect
                | CodeLanguage.Latex -> latexDialect

            let named = GraphText.fileNames file
            let leaves = file.Bindings |> Seq.filter _.IsLeaf |> Array.ofSeq

            let computed =
                let byNode = Dictionary<int64, string>()

                for b in file.Bindings do
                    match b.Bound with
                    | Scalar e when not b.IsLeaf && named[e.Id] = b.Name -> byNode[e.Id] <- b.Name
                    | _ -> ()

                byNode

            // Leaves (and their elements) are the parameters; computed scalars are bound under their names.
            let terminal (e: Expr) =
                match e.Node with
                | Var variable ->
                    match elementIdentifier language variable with
                    | Ok text -> ValueSome text
                    | Error _ -> invalidOp "reserved names are refused above"
                | _ -> ValueNone

            let boundName (e: Expr) =
                match computed.TryGetValue e.Id with
                | true, n -> ValueSome(name n)
                | _ -> ValueNone

            let freshPrefix = DerivedFile.freshPrefix file derivedArray
            let mutable fresh = 0

            let freshName () =
                fresh <- fresh + 1

                match language with
                | CodeLanguage.Latex -> @"\tau_{" + string fresh + "}"
                | _ -> freshPrefix + string fresh

            let lines = ResizeArray<string * Piece>()
            let roots = Array.append [| output.Expr |] (derivedArray |> Array.map _.Expr)

            let references =
                GraphText.render dialect roots terminal boundName (fun n p -> lines.Add((n, p))) freshName

            let results = [
                yield name output.Name, references[0].Text
                for d, reference in Array.zip derivedArray references[1..] -> d.Name, reference.Text
            ]

            let text = StringBuilder()
            let line (s: string) = text.Append(s).Append('\n') |> ignore
            let sourceName = IO.Path.GetFileName file.File
            let wrtText = String.Join(", ", derivedArray |> Seq.collect _.Wrt |> Seq.distinct)

            let usedPrimitives (primitives: IDictionary<string, string>) =
                let used = HashSet<string>()

                for e in (Graph.ofRoots roots[0] roots).Nodes do
                    match e.Operation.Notation with
                    | Notation.Call n when primitives.ContainsKey n -> used.Add n |> ignore
                    | _ -> ()

                primitives.Keys |> Seq.filter used.Contains |> List.ofSeq

            let valuesText
                (b: Binding)
                (constant: float -> string)
                (vector: string list -> string)
                (matrix: string list list -> string)
                =
                match b.Kind, b.Shape with
                | Leaf v, _ -> constant v
                | TensorLeaf values, Some(Vector _) -> vector [ for v in values -> constant v ]
                | TensorLeaf values, Some(Matrix(_, columns)) ->
                    matrix [
                        for row in values |> Array.chunkBySize columns -> [ for v in row -> constant v ]
                    ]
                | _ -> invalidOp "only leaves have values"

            match language with
            | CodeLanguage.FSharp ->
                let constant v = dialect.Constant(v).Text

                line $"// {output.Name} of {sourceName} and its derivatives with respect to {wrtText},"
                line "// written by dotnet backprop derive. The primitives are computed as the engine computes them."
                line $"module {typeName file.File}"
                line ""
                line "open System"
                line ""

                match usedPrimitives fsharpPrimitives with
                | [] -> ()
                | used ->
                    line "/// The engine's primitives that System.Math does not have, with the engine's conventions."
                    line "module Primitives ="

                    for p in used do
                        line ("    " + fsharpPrimitives[p].Replace("\n", "\n    "))

                    line ""

                let parameters =
                    leaves
                    |> Array.map (fun b ->
                        let kind =
                            match b.Shape with
                            | None -> "float"
                            | Some(Vector _) -> "float[]"
                            | Some(Matrix _) -> "float[,]"

                        $"({name b.Name}: {kind})")

                line $"/// {output.Name} and its derivatives at the given leaves."
                line ("let derive " + String.concat " " parameters + " =")

                for n, p in lines do
                    line $"    let {n} = {p.Text}"

                line "    {|"

                for n, value in results do
                    line $"        {n} = {value}"

                line "    |}"
                line ""
                line $"/// {output.Name} and its derivatives at the leaf values of {sourceName}."
                line "let atFileValues () ="

                let arguments =
                    leaves
                    |> Array.map (fun b ->
                        let v =
                            valuesText b constant (fun vs -> "[| " + String.Join("; ", vs) + " |]") (fun rows ->
                                "array2D [ "
                                + String.Join("; ", rows |> List.map (fun r -> "[ " + String.Join("; ", r) + " ]"))
                                + " ]")

                        if v.StartsWith "-" || v.Contains ' ' then $"({v})" else v)

                line ("    derive " + String.concat " " arguments)
            | CodeLanguage.CSharp ->
                let constant v = dialect.Constant(v).Text
                let className = typeName file.File

                line $"// {output.Name} of {sourceName} and its derivatives with respect to {wrtText},"
                line "// written by dotnet backprop derive. The primitives are computed as the engine computes them."
                line "using System;"
                line ""
                line $"/// <summary>{output.Name} of {sourceName} and its derivatives.</summary>"
                line $"public static class {className}"
                line "{"

                let parameters =
                    leaves
                    |> Array.map (fun b ->
                        let kind =
                            match b.Shape with
                            | None -> "double"
                            | Some(Vector _) -> "double[]"
                            | Some(Matrix _) -> "double[,]"

                        $"{kind} {name b.Name}")

                let tupleType = String.Join(", ", results |> List.map (fun (n, _) -> "double " + n))

                line $"    /// <summary>{output.Name} and its derivatives at the given leaves.</summary>"
                line $"    public static ({tupleType}) Derive({commaList parameters})"
                line "    {"

                for n, p in lines do
                    line $"        var {n} = {p.Text};"

                line $"        return ({commaList (results |> List.map snd)});"
                line "    }"
                line ""
                line $"    /// <summary>{output.Name} and its derivatives at the leaf values of {sourceName}.</summary>"

                let arguments =
                    leaves
                    |> Array.map (fun b ->
                        valuesText b constant (fun vs -> "new double[] { " + String.Join(", ", vs) + " }") (fun rows ->
                            "new double[,] { "
                            + String.Join(", ", rows |> List.map (fun r -> "{ " + String.Join(", ", r) + " }"))
                            + " }"))

                line $"    public static ({tupleType}) AtFileValues() => Derive({commaList arguments});"

                match usedPrimitives csharpPrimitives with
                | [] -> ()
                | used ->
                    line ""

                    line
                        "    /// <summary>The engine's primitives that System.Math does not have, with the engine's conventions.</summary>"

                    line "    public static class Primitives"
                    line "    {"

                    for k, p in List.indexed used do
                        if k > 0 then
                            line ""

                        line ("        " + csharpPrimitives[p].Replace("\n", "\n        "))

                    line "    }"

                line "}"
            | CodeLanguage.Latex ->
                let derivativeNames = Dictionary<string, string>()

                for d in derivedArray do
                    derivativeNames[d.Name] <- latexDerivative output.Name d.Wrt

                line (
                    "% "
                    + output.Name
                    + " of "
                    + sourceName
                    + " and its derivatives, written by dotnet backprop derive"
                )

                line @"\begin{aligned}"

                let equations = [
                    for n, p in lines -> n, p.Text
                    for n, value in results do
                        match derivativeNames.TryGetValue n with
                        | true, display -> yield display, value
                        | _ when n = value -> ()
                        | _ -> yield n, value
                ]

                for k, (n, value) in List.indexed equations do
                    let ending = if k < equations.Length - 1 then @" \\" else ""
                    line $"{n} &= {value}{ending}"

                line @"\end{aligned}"

            Ok(text.ToString())

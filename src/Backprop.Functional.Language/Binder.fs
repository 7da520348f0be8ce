namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open Backprop.Functional
open Backprop.Functional.Language.Inlining

/// The role of a binding (SPEC §1).
type BindingKind =
    /// <c>a = 2.0</c>: an input of the computation, a variable with this value.
    | Leaf of value: float
    /// <c>y = x</c>: the same node as <c>x</c> under another name, with its own row.
    | Alias of target: string
    /// Any other expression: an intermediate of the computation.
    | Computed
    /// <c>w = [2.0, -3.0]</c>, <c>W = [[2, -3], [1, 2]]</c>: an input vector or matrix, one variable
    /// per element (<c>w[0]</c>, <c>W[1,0]</c>), with these values in row-major order.
    | TensorLeaf of values: float[]

/// <summary>One named binding of an expression file, bound to a core expression.</summary>
type Binding = {
    /// The bound name.
    Name: string
    /// <summary>
    /// What the name stands for: a scalar expression or a vector or matrix of them. A leaf is
    /// <c>Expr.var Name</c>; a tensor leaf is <c>Tensor.variables Name shape</c>; an alias is the very
    /// expression of its target (the same nodes, so the same values and gradients).
    /// </summary>
    Bound: Bound
    /// Leaf, alias or computed.
    Kind: BindingKind
    /// Where the name is written.
    Position: Position
    /// The place of the binding in the file, counting from 0.
    Index: int
} with

    /// <summary>
    /// The scalar expression the name stands for. Raises <c>InvalidOperationException</c> for a
    /// vector or matrix: use <c>Bound</c> or <c>Elements</c>.
    /// </summary>
    member this.Expr =
        match this.Bound with
        | Scalar e -> e
        | Shaped t -> invalidOp $"'{this.Name}' is {Bound.describe this.Bound}, not a scalar"

    /// The shape of a vector or matrix binding; <c>None</c> for a scalar.
    member this.Shape = Bound.shape this.Bound

    /// The scalar expressions of the binding, row-major: one for a scalar.
    member this.Elements = Bound.elements this.Bound

    /// <summary>
    /// The name of element <paramref name="k"/> (row-major): <c>w[0]</c>, <c>W[1,0]</c>; the binding's
    /// own name for a scalar. For a leaf, the name of its variable.
    /// </summary>
    member this.ElementName(k: int) =
        match this.Bound with
        | Scalar _ -> this.Name
        | Shaped t -> Tensor.elementName this.Name t.Shape k

    /// Whether this binding is an input of the computation (a number, or a vector or matrix of numbers).
    member this.IsLeaf =
        match this.Kind with
        | Leaf _
        | TensorLeaf _ -> true
        | _ -> false

    /// <summary>
    /// The variables of a leaf with the values written in the file: <c>("a", 2.0)</c> for a scalar
    /// leaf, <c>("w[0]", 2.0); ("w[1]", -3.0)</c> for a vector; empty for any other binding.
    /// </summary>
    member this.LeafVariables: (string * float)[] =
        match this.Kind with
        | Leaf value -> [| this.Name, value |]
        | TensorLeaf values -> values |> Array.mapi (fun k v -> this.ElementName k, v)
        | _ -> [||]

    /// The value written in the file for a scalar leaf; <c>None</c> for every other binding.
    member this.LeafValue =
        match this.Kind with
        | Leaf value -> Some value
        | _ -> None

/// <summary>What a file binds: its bindings and the functions it defines, each in file order.</summary>
type BoundFile = {
    /// Every binding, in file order.
    Bindings: Binding[]
    /// Every function defined in the file, in file order.
    Functions: DefinedFunction[]
}

/// Turns the lines of a source text into bindings of core expressions, name by name.
[<RequireQualifiedAccess>]
module Binder =

    /// At most this many errors are reported for one file; the rest are summarised.
    [<Literal>]
    let MaxErrors = 20

    /// <summary>
    /// The most nodes the calls of functions defined in a file may inline, over the whole file
    /// (4,000,000, about 800 MB once evaluated). Every call copies the body of its function, so a
    /// function that calls another twice is twice its size, and a chain of them grows
    /// exponentially; the call that would cross the limit is an error, and where the definitions
    /// already show it (scalar bodies) it is found before anything is copied. Each number, name,
    /// operation and call of a body counts once per copy; an operation on vectors or matrices
    /// counts the elements of its result or of its operands, whichever are more, and a matrix
    /// product also multiplies them by its inner size.
    /// </summary>
    [<Literal>]
    let MaxInlinedNodes = Inlining.MaxNodes

    /// The NAME of a line that starts like `NAME =`, whatever follows.
    let private declaredName (text: string) =
        let trimmed = text.TrimStart()
        let mutable n = 0

        while n < trimmed.Length
              && (System.Char.IsAsciiLetterOrDigit trimmed[n] || trimmed[n] = '_') do
            n <- n + 1

        if
            n > 0
            && not (System.Char.IsAsciiDigit trimmed[0])
            && trimmed.Substring(n).TrimStart().StartsWith '='
        then
            Some(trimmed.Substring(0, n))
        else
            None

    /// The NAME of a line that starts like `NAME(`: a definition, whatever follows.
    let private definedName (text: string) =
        let trimmed = text.TrimStart()
        let mutable n = 0

        while n < trimmed.Length && (Char.IsAsciiLetterOrDigit trimmed[n] || trimmed[n] = '_') do
            n <- n + 1

        if
            n > 0
            && not (Char.IsAsciiDigit trimmed[0])
            && trimmed.Substring(n).TrimStart().StartsWith '('
        then
            Some(trimmed.Substring(0, n))
        else
            None

    let private verb (count: int) = if count = 1 then "was" else "were"

    let private arguments (count: int) =
        if count = 1 then "1 argument" else $"{count} arguments"

    /// At most ten names, joined with ", ", then "…" for the rest.
    let private someNames (names: IReadOnlyList<string>) =
        let shown = Seq.truncate 10 names |> String.concat ", "
        if names.Count > 10 then shown + ", …" else shown

    /// The values of a literal of numbers, and its shape, from the constants it was built of.
    let private tensorLeaf (name: string) (literal: Tensor) : Bound * BindingKind =
        let values =
            literal.Elements
            |> Seq.map (fun e ->
                match e.Node with
                | Const c -> c
                | _ -> nan)
            |> Array.ofSeq

        Shaped(Tensor.variables name literal.Shape), TensorLeaf values

    /// An error at a line's name, with a note at an earlier line's name.
    let private withNote (source: SourceText) (position: Position) message (first: Position) note = {
        Diagnostic.error source.File position (source.Line position.Line) message with
            Related = [
                {
                    Diagnostic.error source.File first (source.Line first.Line) note with
                        Severity = Severity.Note
                }
            ]
    }

    let private boundTwice (source: SourceText) (statement: Statement) (first: Binding) =
        withNote
            source
            statement.Position
            $"'{statement.Name}' is bound twice (first on line {first.Position.Line}); each name is bound once"
            first.Position
            $"'{statement.Name}' was first bound here"

    /// <summary>
    /// Parses and binds every line of <paramref name="source"/>: its bindings and the functions it
    /// defines. Errors of all lines are reported (up to
    /// <see cref="F:Backprop.Functional.Language.Binder.MaxErrors"/>), in line order. O(size of the
    /// file plus the nodes its calls inline, at most
    /// <see cref="F:Backprop.Functional.Language.Binder.MaxInlinedNodes"/>) time and memory,
    /// iterative at any nesting depth and any depth of calls.
    /// </summary>
    let bindFile (source: SourceText) : Result<BoundFile, Diagnostic list> =
        let file = source.File
        // A line binds at most one name: sized for every line, the lists never grow (a million
        // bindings would otherwise copy them about twenty times, and hold old and new at once).
        let bindings = ResizeArray<Binding>(source.LineCount)
        let byName = Dictionary<string, Binding>(source.LineCount)
        let scratch = LineScratch()
        let byText = byName.GetAlternateLookup<ReadOnlySpan<char>>()

        // A reference to a bound name takes the binding's string: one string per name.
        scratch.Tokens.Known <-
            { new IKnownNames with
                member _.TryFind(text, start, length, found) =
                    let mutable binding = Unchecked.defaultof<Binding>
                    let mutable name = null

                    if byText.TryGetValue(text.AsSpan(start, length), &name, &binding) then
                        found <- name
                        true
                    else
                        false
            }

        let errors = ResizeArray<Diagnostic>()
        // Unknown names are only explained once every name of the file is known (it may be bound later).
        let unknownNames = ResizeArray<int * string>()
        // Names whose line failed: their shape is unknown, so a later use of one is not checked
        // again (it would only add a second, misleading error such as a shape mismatch).
        let failed = HashSet<string>()
        // The functions defined so far, and where each name was first defined (even if its
        // definition failed), for `defined twice` and `defined later`.
        let functions = ResizeArray<DefinedFunction>()
        let callables = Dictionary<string, Callable>()
        let definedAt = Dictionary<string, Position>()
        let definedNames = ResizeArray<string>()
        // Functions whose definition failed: a call of one adds no second error.
        let failedFunctions = HashSet<string>()
        let unknownFunctions = ResizeArray<int * string>()
        let mutable line = 1

        let report position message =
            errors.Add(Diagnostic.error file position (source.Line position.Line) message)

        let reportWithNote position message notePosition note =
            errors.Add(withNote source position message notePosition note)

        let lookup (name: string) (position: Position) =
            match byName.TryGetValue name with
            | true, _ when failed.Count > 0 && failed.Contains name -> ValueNone
            | true, b -> ValueSome b.Bound
            | _ ->
                unknownNames.Add(errors.Count, name)
                report position $"unknown name '{name}'"
                ValueNone

        let unknownFunction (name: string) =
            let candidates = Seq.append (Functions.all |> Seq.map _.Name) definedNames

            let known =
                match Suggestions.nearest candidates name with
                | Some near -> $"unknown function '{name}'; did you mean '{near}'? The functions are {Functions.names}"
                | None -> $"unknown function '{name}'; the functions are {Functions.names}"

            if definedNames.Count = 0 then
                known
            else
                $"{known}, and those defined above: {someNames definedNames}"

        // One target per built-in function called, rather than one per call.
        let builtIns = Dictionary<string, CallTarget>()

        let resolve (name: string) (count: int) (position: Position) =
            match Functions.tryFind name with
            | Some f when f.Arity <> count ->
                report position $"'{name}' takes {arguments f.Arity}, but {count} {verb count} given"
                Unresolved
            | Some f ->
                match builtIns.TryGetValue name with
                | true, target -> target
                | _ ->
                    let target = BuiltIn f
                    builtIns.Add(name, target)
                    target
            | None ->
                match callables.TryGetValue name with
                | true, c when c.Definition.Parameters.Length <> count ->
                    let arity = c.Definition.Parameters.Length

                    reportWithNote
                        position
                        $"'{name}' takes {arguments arity}, but {count} {verb count} given"
                        c.Definition.Position
                        $"'{name}' is defined here"

                    Unresolved
                | true, c -> UserDefined c
                | _ when failedFunctions.Contains name -> Unresolved
                | _ ->
                    unknownFunctions.Add(errors.Count, name)
                    report position (unknownFunction name)
                    Unresolved

        let operands, frames, literals, root = emptyWorkLists ()

        let scope = {
            Lookup = lookup
            Resolve = resolve
            Report = report
            ReportWithNote = reportWithNote
            Inlined = ref 0L
            Exceeded = ref false
            Operands = operands
            Frames = frames
            Literals = literals
            Root = root
        }

        /// Checks the body of a definition: its names are parameters, its calls name built-in
        /// functions or functions defined above, with the right number of arguments. Its size, if so.
        let checkBody
            (name: string)
            (parameters: string[])
            (parameterIndex: Dictionary<string, int>)
            (body: PostfixItem[])
            =
            let mutable size = 0L
            let mutable ok = true
            let mutable i = 0

            while ok && i < body.Length do
                match body[i] with
                | Name(n, position) when not (parameterIndex.ContainsKey n) ->
                    let parameters = someNames parameters

                    report
                        position
                        $"unknown name '{n}' in the body of '{name}': the body of a function uses only its parameters (here {parameters}), numbers and functions; to use a binding, pass it as an argument"

                    ok <- false
                | Call(n, _, position) when n = name ->
                    report
                        position
                        $"'{name}' calls itself: the body of a function calls only built-in functions and functions defined above it"

                    ok <- false
                | Call(n, count, position) ->
                    match resolve n count position with
                    | Unresolved -> ok <- false
                    | UserDefined callee -> size <- min sizeCap (size + 1L + callee.Size)
                    | BuiltIn _ -> size <- size + 1L
                | _ -> size <- size + 1L

                i <- i + 1

            if ok then Some size else None

        let define (statement: Statement) (parameters: (string * Position)[]) (body: PostfixItem[]) =
            let name = statement.Name

            match Functions.tryFind name, definedAt.TryGetValue name, byName.TryGetValue name with
            | Some _, _, _ ->
                report
                    statement.Position
                    $"'{name}' is a built-in function; a function defined in the file needs a name of its own"
            | None, (true, first), _ ->
                reportWithNote
                    statement.Position
                    $"'{name}' is defined twice (first on line {first.Line}); each function is defined once"
                    first
                    $"'{name}' was first defined here"
            | None, _, (true, binding) ->
                failedFunctions.Add name |> ignore

                reportWithNote
                    statement.Position
                    $"'{name}' is already bound (on line {binding.Position.Line}); a function and a binding cannot share a name"
                    binding.Position
                    $"'{name}' is bound here"
            | None, _, _ ->
                definedAt.Add(name, statement.Position)
                definedNames.Add name
                let parameterIndex = Dictionary<string, int>(parameters.Length)

                for k in 0 .. parameters.Length - 1 do
                    parameterIndex.Add(fst parameters[k], k)

                let names = parameters |> Array.map fst

                match checkBody name names parameterIndex body with
                | Some size ->
                    let definition = {
                        Name = name
                        Parameters = names
                        Position = statement.Position
                        Body = body
                    }

                    functions.Add definition

                    callables.Add(
                        name,
                        {
                            Definition = definition
                            ParameterIndex = parameterIndex
                            Size = size
                        }
                    )
                | None -> failedFunctions.Add name |> ignore

        /// A name that later lines use without a second error: its line failed, or it clashed.
        let placeholder (name: string) (position: Position) =
            failed.Add name |> ignore

            byName.Add(
                name,
                {
                    Name = name
                    Bound = Scalar(Expr.constant nan)
                    Kind = Computed
                    Position = position
                    Index = -1
                }
            )

        while line <= source.LineCount && errors.Count < MaxErrors do
            match Parser.parseLineWith scratch line source.Text (source.LineStart line) (source.LineLength line) with
            | Error(column, message) ->
                report { Line = line; Column = column } message

                // The name of a line with a syntax error still counts as bound (or defined), so
                // that later lines using it do not report a second, misleading error.
                match declaredName (source.Line line), definedName (source.Line line) with
                | Some name, _ when not (byName.ContainsKey name) -> placeholder name { Line = line; Column = 1 }
                | None, Some name when
                    (Functions.tryFind name).IsNone
                    && not (definedAt.ContainsKey name)
                    && not (byName.ContainsKey name)
                    ->
                    definedAt.Add(name, { Line = line; Column = 1 })
                    definedNames.Add name
                    failedFunctions.Add name |> ignore
                | _ -> ()
            | Ok None -> ()
            | Ok(Some({ Value = Definition(parameters, body) } as statement)) -> define statement parameters body
            | Ok(Some statement) ->
                match byName.TryGetValue statement.Name, definedAt.TryGetValue statement.Name with
                | (true, first), _ -> errors.Add(boundTwice source statement first)
                | _, (true, defined) ->
                    reportWithNote
                        statement.Position
                        $"'{statement.Name}' is already a function (defined on line {defined.Line}); a binding and a function cannot share a name"
                        defined
                        $"'{statement.Name}' is defined here"

                    placeholder statement.Name statement.Position
                | _ ->
                    // A struct option of a struct pair: nothing allocated for the common line.
                    let bound =
                        match statement.Value with
                        | Literal value -> ValueSome(struct (Scalar(Expr.var statement.Name), Leaf value))
                        | RightHandSide.Alias(target, position) ->
                            lookup target position
                            |> ValueOption.map (fun b ->
                                let named =
                                    match b with
                                    | Shaped t -> Shaped(Tensor.named statement.Name t)
                                    | scalar -> scalar

                                struct (named, BindingKind.Alias target))
                        | TensorLiteral postfix ->
                            // Brackets of numbers always build a vector or matrix of constants.
                            match build scope postfix with
                            | Some(Shaped literal) ->
                                let b, kind = tensorLeaf statement.Name literal
                                ValueSome(struct (b, kind))
                            | Some b -> ValueSome(struct (b, Computed))
                            | None -> ValueNone
                        | Definition _ -> ValueNone // defined above, never bound
                        | Expression postfix ->
                            match build scope postfix with
                            | Some b ->
                                // Named, so that later shape errors say `z has 3 elements`.
                                let named =
                                    match b with
                                    | Shaped t -> Shaped(Tensor.named statement.Name t)
                                    | scalar -> scalar

                                ValueSome(struct (named, Computed))
                            | None -> ValueNone

                    // A binding whose right side failed still gets its name, so that later lines
                    // using it do not report a second, misleading error.
                    if bound.IsNone then
                        failed.Add statement.Name |> ignore

                    let struct (bound, kind) =
                        match bound with
                        | ValueSome found -> found
                        | ValueNone -> struct (Scalar(Expr.constant nan), Computed)

                    let binding = {
                        Name = statement.Name
                        Bound = bound
                        Kind = kind
                        Position = statement.Position
                        Index = bindings.Count
                    }

                    byName.Add(statement.Name, binding)
                    bindings.Add binding

            line <- line + 1

        if errors.Count = 0 then
            Ok {
                Bindings = bindings.ToArray()
                Functions = functions.ToArray()
            }
        else
            // Binding goes on after errors, so every name bound or defined later is known by now.
            let explainName (d: Diagnostic) (name: string) =
                match definedAt.TryGetValue name, byName.TryGetValue name with
                | (true, defined), _ -> {
                    d with
                        Message =
                            $"unknown name '{name}': it is a function, defined on line {defined.Line}; call it with its arguments, as in {name}(…)"
                  }
                | _, (true, b) when b.Position.Line > d.Position.Line ->
                    let later = b.Position.Line

                    {
                        d with
                            Message =
                                $"unknown name '{name}': it is bound later, on line {later}; a name must be bound before it is used"
                    }
                | _ ->
                    let earlier =
                        bindings
                        |> Seq.filter (fun b -> b.Position.Line < d.Position.Line)
                        |> Seq.map _.Name

                    {
                        d with
                            Message = d.Message + Suggestions.didYouMean earlier name
                    }

            let explainFunction (d: Diagnostic) (name: string) =
                match definedAt.TryGetValue name with
                | true, defined when defined.Line > d.Position.Line -> {
                    d with
                        Message =
                            $"unknown function '{name}': it is defined later, on line {defined.Line}; a function must be defined before it is called"
                  }
                | _ -> d

            let names = Dictionary<int, string>()
            let calls = Dictionary<int, string>()

            for index, name in unknownNames do
                names[index] <- name

            for index, name in unknownFunctions do
                calls[index] <- name

            let explained =
                errors
                |> Seq.mapi (fun index d ->
                    match names.TryGetValue index, calls.TryGetValue index with
                    | (true, name), _ -> explainName d name
                    | _, (true, name) -> explainFunction d name
                    | _ -> d)
                |> List.ofSeq

            let truncated =
                if errors.Count >= MaxErrors && line <= source.LineCount then
                    [
                        Diagnostic.fileError file $"too many errors; stopped after {MaxErrors}, at line {line - 1}"
                        |> fun d -> { d with Severity = Severity.Note }
                    ]
                else
                    []

            Error(explained @ truncated)

    /// <summary>
    /// Parses and binds every line of <paramref name="source"/>, as
    /// <see cref="M:Backprop.Functional.Language.Binder.bindFile(Backprop.Functional.Language.SourceText)"/>
    /// does, and gives its bindings.
    /// </summary>
    let bind (source: SourceText) : Result<Binding[], Diagnostic list> =
        bindFile source |> Result.map _.Bindings

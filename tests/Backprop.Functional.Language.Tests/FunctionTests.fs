/// Functions defined in the file, NAME(P1, P2, …) = EXPR (SPEC §1): parsing, binding by inlining,
/// evaluation, errors and limits.
module Backprop.Functional.Language.Tests.FunctionTests

open System
open System.Text
open Expecto
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private parsed (text: string) =
    match Parser.parseLine 1 text with
    | Ok(Some statement) -> statement
    | Ok None -> failtest "blank line"
    | Error(column, message) -> failtestf "syntax error at %d: %s" column message

let private syntaxError (line: string) (column: int) (fragment: string) =
    expectError (singleError [ line ]) 1 column fragment

/// The single note of a diagnostic.
let private noteOf (d: Diagnostic) =
    match d.Related with
    | [ note ] ->
        Expect.equal note.Severity Severity.Note "a note"
        note
    | other -> failtestf "expected one note, got %A" other

/// The notebooks' f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²) at (3, -4), with σ given.
let private notebookFunction (sigma: string list) (call: string -> string) = [
    yield! sigma
    "x = 3"
    "y = -4"
    "num = x + " + call "y"
    "den = " + call "x" + " + (x + y)**2"
    "f = num / den"
]

/// A random well-formed expression of the leaf a: numbers, operators, built-in calls, nesting.
let private randomExpression (random: Random) =
    let atoms = [|
        "a"
        "2"
        "0.5"
        "-1.5"
        "tanh(a)"
        "exp(a * 0.1)"
        "max(a, 0.3)"
        "sigmoid(-a)"
    |]

    let operators = [| " + "; " - "; " * "; " / " |]
    let b = StringBuilder(atoms[random.Next atoms.Length])

    for _ in 1 .. random.Next(0, 8) do
        let op = operators[random.Next operators.Length]
        let atom = atoms[random.Next atoms.Length]

        if random.Next 3 = 0 then
            b.Insert(0, "(").Append(")").Append(op).Append(atom) |> ignore
        else
            b.Append(op).Append(atom) |> ignore

    b.ToString()

/// Lines that define and call functions, well-formed or nearly so, in any order.
let private functionLines = [|
    "f(x) = x * 2"
    "f(x) = x +"
    "g(x, y) = f(x) * y"
    "g(x, y) = f(x, y)"
    "h(v) = sum(v * v)"
    "h(v) = v[0] + v[1]"
    "k(x) = k(x)"
    "k(x) = q + x"
    "m() = 1"
    "m(x, x) = x"
    "n(x = 1"
    "tanh(x) = x"
    "a(x) = x"
    "p(x) = g(x, x) + f(f(x))"
    "w = [1, 2]"
    "y = f(a)"
    "y = g(a, f(a))"
    "y = h(w)"
    "y = h(a)"
    "y = f(w) + g(w, a)"
    "y = p(a) * f"
    "y = f(a, a)"
    "z = sum(f(w)) + y"
|]

/// Binds and evaluates a text, which must not throw; true when it was accepted.
let private boundOrRejected (text: string) =
    match ExpressionFile.ofText "fuzz.bp" text with
    | Error diagnostics ->
        Expect.isNonEmpty diagnostics "an error has diagnostics"
        diagnostics |> List.iter (Diagnostic.render >> ignore)
        false
    | Ok file ->
        match Overrides.leafValues file [], Evaluation.output file None with
        | Ok values, Ok output -> Evaluation.run file output values |> ignore
        | _ -> ()

        true

[<Tests>]
let tests =
    testList "functions defined in the file" [
        testList "parsing" [
            test "NAME(P1, P2) = EXPR is a definition with its parameters and its body in postfix order" {
                let statement = parsed "f(x, y) = x * y"
                Expect.equal statement.Name "f" "name"

                match statement.Value with
                | Definition(parameters, body) ->
                    Expect.equal (parameters |> Array.map fst) [| "x"; "y" |] "parameters"
                    Expect.equal (parameters |> Array.map (snd >> _.Column)) [| 3; 6 |] "their columns"
                    Expect.equal body.Length 3 "x, y, *"
                | other -> failtestf "expected a definition, got %A" other
            }

            test "spaces may separate the name from its parameters" {
                match (parsed "  f ( x ) = x").Value with
                | Definition([| "x", _ |], _) -> ()
                | other -> failtestf "expected a definition, got %A" other
            }

            test "a definition without parameters is an error that suggests a binding" {
                syntaxError "c() = 3" 3 "'c' has no parameters: a function takes at least one"
            }

            test "a parameter named twice is an error at the second" {
                syntaxError "f(a, b, a) = a" 9 "parameter 'a' is named twice in the definition of 'f'"
            }

            test "a parameter that is not a name is an error" {
                syntaxError "f(x, 1) = x" 6 "expected a parameter name after ',', found number '1'"
            }

            test "a header without '=' is an error that shows the form of a definition" {
                syntaxError "f(x) x" 6 "expected '=' after 'f(…)', found name 'x' (a function is defined as NAME(P1"
            }

            test "an unclosed parameter list is pointed at its '('" { syntaxError "f(x, y" 2 "unclosed '('" }

            test "a definition needs a body" { syntaxError "f(x) =" 7 "expected an expression after '='" }

            test "a syntax error in the body is reported as in any expression" {
                syntaxError "f(x) = x +" 11 "after '+', found the end of the line"
            }
        ]

        testList "binding" [
            test "a function has no binding and no row; the file lists it among its functions" {
                let file = parse [ "softplus(x) = log(1 + exp(x))"; "a = 0.5"; "y = softplus(a)" ]
                Expect.equal (file.Bindings |> Seq.map _.Name |> List.ofSeq) [ "a"; "y" ] "bindings"
                Expect.equal ((evaluate file).Results |> Array.map _.Name) [| "a"; "y" |] "rows"

                match List.ofSeq file.Functions with
                | [ f ] ->
                    Expect.equal f.Name "softplus" "name"
                    Expect.equal f.Parameters [| "x" |] "parameters"
                    Expect.equal f.Position { Line = 1; Column = 1 } "position"
                | other -> failtestf "expected one function, got %A" other
            }

            test "softplus(x) = log(1 + exp(x)) gives the value and gradient of the expression written out" {
                let called =
                    evaluate (parse [ "softplus(x) = log(1 + exp(x))"; "a = 0.5"; "y = softplus(a)" ])

                let written = evaluate (parse [ "a = 0.5"; "y = log(1 + exp(a))" ])
                Expect.equal called.Value written.Value "value, bit for bit"
                Expect.equal (row called "a").Gradient (row written "a").Gradient "gradient, bit for bit"
                expectClose (row called "a").Gradient (1.0 / (1.0 + exp -0.5)) "the sigmoid of a"
            }

            test "neuron(w1, w2, b, x1, x2) = tanh(w1*x1 + w2*x2 + b) gives micrograd's neuron" {
                let result =
                    evaluate (
                        parse [
                            "neuron(w1, w2, b, x1, x2) = tanh(w1*x1 + w2*x2 + b)"
                            "x1 = 2.0"
                            "x2 = 0.0"
                            "w1 = -3.0"
                            "w2 = 1.0"
                            "b = 6.8813735870195432"
                            "o = neuron(w1, w2, b, x1, x2)"
                        ]
                    )

                expectClose result.Value 0.7071067811865477 "o"

                for name, grad in [ "x1", -1.5; "w1", 1.0; "x2", 0.5; "w2", 0.0; "b", 0.5 ] do
                    expectClose (row result name).Gradient grad $"do/d{name}"
            }

            test "the notebooks' f(x, y) with a defined sig equals the built-in sigmoid to 1e-12, values and gradients" {
                let defined =
                    evaluate (parse (notebookFunction [ "sig(z) = 1 / (1 + exp(-z))" ] (fun v -> $"sig({v})")))

                let builtIn = evaluate (parse (notebookFunction [] (fun v -> $"sigmoid({v})")))
                expectClose defined.Value builtIn.Value "f"
                expectClose defined.Value 1.5456448841066441 "the notebook's value"

                for r in builtIn.Results do
                    expectClose (row defined r.Name).Value r.Value $"value of {r.Name}"
                    expectClose (row defined r.Name).Gradient r.Gradient $"df/d{r.Name}"

                expectClose (row defined "x").Gradient 2.0595697955721652 "the notebook's df/dx"
                expectClose (row defined "y").Gradient 1.5922327514838093 "the notebook's df/dy"
            }

            test "each call makes nodes of its own" {
                let file = parse [ "sq(x) = x * x"; "a = 3"; "p = sq(a)"; "q = sq(a)"; "y = p + q" ]
                let p, q = (file.TryFind "p").Value.Expr, (file.TryFind "q").Value.Expr
                Expect.isFalse (obj.ReferenceEquals(p, q)) "two nodes"
                expectClose (row (evaluate file) "a").Gradient 12.0 "both paths count"
            }

            test "the gradient check sees an ordinary expression" {
                let file =
                    parse [ "sig(z) = 1 / (1 + exp(-z))"; "a = 0.7"; "b = -0.2"; "y = sig(a * b + a)" ]

                match Overrides.leafValues file [] with
                | Ok values ->
                    let result = GradientCheck.run file file.LastBinding values NumericCheck.defaults
                    Expect.isTrue result.Ok "every leaf within tolerance"
                    Expect.equal (result.Leaves |> Array.map _.Name) [| "a"; "b" |] "the leaves, not the parameter"
                | Error ds -> failtestf "%A" ds
            }

            test "a parameter may have the name of a binding: parameters are local and the binding is not seen" {
                let result = evaluate (parse [ "x = 10"; "sq(x) = x * x"; "y = sq(3) + x" ])
                expectClose result.Value 19.0 "sq(3) + 10"
            }

            test "a parameter may have the name of a function: a name followed by '(' is still a call" {
                let result = evaluate (parse [ "f(exp) = exp(exp) + exp"; "a = 0"; "y = f(a)" ])
                expectClose result.Value 1.0 "exp(0) + 0"
            }

            test "a function calls functions defined above it, and arguments may be any expressions" {
                let result =
                    evaluate (
                        parse [
                            "sq(x) = x * x"
                            "norm2(x, y) = sq(x) + sq(y)"
                            "a = 3"
                            "b = 4"
                            "y = norm2(a, b - 0 * sq(a)) ** 0.5"
                        ]
                    )

                expectClose result.Value 5.0 "value"
                expectClose (row result "a").Gradient 0.6 "dy/da"
                expectClose (row result "b").Gradient 0.8 "dy/db"
            }

            test "definitions and bindings may alternate; a call needs only its function above it" {
                let result =
                    evaluate (parse [ "a = 2"; "twice(x) = 2 * x"; "b = twice(a)"; "y = twice(b)" ])

                expectClose result.Value 8.0 "value"
            }

            test "vectors and matrices are passed as they are, and element-wise operations apply to every element" {
                let file =
                    parse [
                        "norm2(v) = sum(v * v)"
                        "layer(W, x) = sigmoid(W @ x)"
                        "W = [[2, -3], [1, 2], [0.5, -0.1]]"
                        "x = [-1, -2]"
                        "v = [1, -2, 0.5]"
                        "a = layer(W, x)"
                        "L = dot(v, a) + norm2(x)"
                    ]

                let written =
                    parse [
                        "W = [[2, -3], [1, 2], [0.5, -0.1]]"
                        "x = [-1, -2]"
                        "v = [1, -2, 0.5]"
                        "a = sigmoid(W @ x)"
                        "L = dot(v, a) + sum(x * x)"
                    ]

                let called, expected = evaluate file, evaluate written
                Expect.equal (file.TryFind "a").Value.Shape (Some(Vector 3)) "a vector of 3"
                Expect.equal called.Value expected.Value "value, bit for bit"

                Expect.equal
                    (called.Results |> Array.map (fun r -> r.Name, r.Value, r.Gradient))
                    (expected.Results |> Array.map (fun r -> r.Name, r.Value, r.Gradient))
                    "every row, bit for bit"
            }

            test "calling a function gives the same bits as writing its body, on 500 random expressions" {
                let random = Random 13

                for _ in 1..500 do
                    let body = randomExpression random
                    let called = evaluate (parse [ $"g(a) = {body}"; "a = 0.8"; "y = g(a)" ])
                    let written = evaluate (parse [ "a = 0.8"; $"y = {body}" ])
                    let same (x: float) (y: float) = x.Equals y
                    Expect.isTrue (same called.Value written.Value) $"value of {body}"
                    Expect.isTrue (same (row called "a").Gradient (row written "a").Gradient) $"gradient of {body}"
            }
        ]

        testList "errors" [
            test "a name in a body that is not a parameter is an error at it, saying to pass it as an argument" {
                let d = singleError [ "a = 1"; "f(x) = x * a"; "y = f(a)" ]
                expectError d 2 12 "unknown name 'a' in the body of 'f'"
                Expect.stringContains d.Message "(here x)" "names the parameters"
                Expect.stringContains d.Message "pass it as an argument" "says what to do"
            }

            test "a call with the wrong number of arguments is an error at the call, with a note at the definition" {
                let d = singleError [ "f(x, y) = x * y"; "a = 1"; "b = f(a)" ]
                expectError d 3 5 "'f' takes 2 arguments, but 1 was given"
                let note = noteOf d
                Expect.equal note.Position { Line = 1; Column = 1 } "at the definition"
                Expect.stringContains note.Message "'f' is defined here" "note"
            }

            test "a wrong number of arguments in a body is an error in the body" {
                expectError
                    (singleError [ "f(x) = x"; "g(x) = f(x, x)"; "a = 1"; "y = g(a)" ])
                    2
                    8
                    "'f' takes 1 argument, but 2 were given"

                expectError (singleError [ "g(x) = tanh()"; "a = 1" ]) 1 8 "'tanh' takes 1 argument, but 0 were given"
            }

            test "a function defined twice is an error at the second, with a note at the first" {
                let d = singleError [ "f(x) = x"; "a = 1"; "f(y) = 2 * y"; "b = f(a)" ]
                expectError d 3 1 "'f' is defined twice (first on line 1); each function is defined once"
                Expect.equal (noteOf d).Position { Line = 1; Column = 1 } "note at the first"
            }

            test "a function with the name of a built-in is an error" {
                expectError
                    (singleError [ "tanh(x) = x"; "a = 1" ])
                    1
                    1
                    "'tanh' is a built-in function; a function defined in the file needs a name of its own"

                expectError (singleError [ "a = 1"; "  dot(u, v) = u * v" ]) 2 3 "'dot' is a built-in function"
            }

            test "a function with the name of a binding above is an error, with a note at the binding" {
                let d = singleError [ "f = 1"; "f(x) = x" ]
                expectError d 2 1 "'f' is already bound (on line 1); a function and a binding cannot share a name"
                Expect.equal (noteOf d).Position { Line = 1; Column = 1 } "note at the binding"
            }

            test "a binding with the name of a function above is an error, with a note at the definition" {
                let d = singleError [ "f(x) = x"; "f = 1" ]

                expectError
                    d
                    2
                    1
                    "'f' is already a function (defined on line 1); a binding and a function cannot share a name"

                Expect.equal (noteOf d).Position { Line = 1; Column = 1 } "note at the definition"
            }

            test "a call before the definition says on which later line the function is defined" {
                expectError
                    (singleError [ "a = 1"; "y = f(a)"; "f(x) = x" ])
                    2
                    5
                    "unknown function 'f': it is defined later, on line 3; a function must be defined before it is called"
            }

            test "a body that calls a function defined later says so too" {
                expectError (singleError [ "g(x) = f(x)"; "f(x) = x" ]) 1 8 "it is defined later, on line 2"
            }

            test "a function that calls itself is an error: there is no recursion" {
                expectError (singleError [ "f(x) = f(x) + 1" ]) 1 8 "'f' calls itself"
            }

            test "an unknown function lists the built-in functions and those defined above" {
                let d = singleError [ "sq(x) = x * x"; "a = 1"; "y = foo(a)" ]
                expectError d 3 5 "unknown function 'foo'; the functions are tanh, exp"
                Expect.stringEnds d.Message "outer, and those defined above: sq" "the defined ones"
            }

            test "a function used as a value is an error that says to call it" {
                expectError
                    (singleError [ "sq(x) = x * x"; "y = sq + 1" ])
                    2
                    5
                    "unknown name 'sq': it is a function, defined on line 1; call it with its arguments, as in sq(…)"
            }

            test "a shape error in a body is reported at the call, with a note at the place in the body" {
                let d =
                    singleError [ "add(p, q) = p + q"; "u = [1, 2]"; "v = [1, 2, 3]"; "y = sum(add(u, v))" ]

                expectError d 4 9 "in this call of 'add': shape mismatch: u has 2 elements, v has 3 elements"
                let note = noteOf d
                Expect.equal note.Position { Line = 1; Column = 15 } "at the '+' of the body"
                Expect.stringContains note.Message "the error is in the body of 'add', here" "note"
            }

            test "an error deep in a chain of calls is reported at the outermost call, the note in the innermost body" {
                let d = singleError [ "f(v) = sum(v)"; "g(x) = f(x) * 2"; "a = 1"; "y = 1 + g(a)" ]
                expectError d 4 9 "in this call of 'g': sum needs a vector or matrix"
                Expect.equal (noteOf d).Position { Line = 1; Column = 8 } "in the body of f"
                Expect.stringContains (noteOf d).Message "the body of 'f'" "names f"
            }

            test "a call of a function whose definition failed adds no second error" {
                let ds =
                    errors [ "f(x) = x * q"; "g(x) = x +"; "a = 1"; "y = f(a) + g(a)"; "z = y * 2" ]

                Expect.equal (ds |> List.map _.Position.Line) [ 1; 2 ] "only the definitions"
            }

            test "a file of only definitions has no output" {
                match ExpressionFile.ofText "test.bp" (lines [ "f(x) = x" ]) with
                | Error [ d ] ->
                    Expect.equal d.Position Position.Start "1:1"
                    Expect.stringContains d.Message "the file defines functions but binds no name" "message"
                | other -> failtestf "expected one error, got %A" other
            }

            test "a function named as the output is an error at its definition" {
                let file = parse [ "sq(x) = x * x"; "a = 1"; "y = sq(a)" ]

                match Evaluation.output file (Some "sq") with
                | Error d -> expectError d 1 1 "'sq' is a function, not a binding: it has no value of its own"
                | Ok _ -> failtest "expected an error"
            }

            test "a function cannot be set as a leaf" {
                let file = parse [ "sq(x) = x * x"; "a = 1"; "y = sq(a)" ]

                match Overrides.parse file "sq=2" with
                | Error d -> expectError d 1 1 "'sq' is a function, not a leaf"
                | Ok _ -> failtest "expected an error"
            }
        ]

        test "10,000 random files of definitions and calls are each bound or rejected, never thrown on" {
            let random = Random 2026
            let mutable accepted = 0

            for _ in 1..10_000 do
                let text =
                    String.concat "\n" [
                        yield "a = 1.5"
                        for _ in 1 .. random.Next(1, 7) -> functionLines[random.Next functionLines.Length]
                    ]

                try
                    if boundOrRejected text then
                        accepted <- accepted + 1
                with e when not (e :? AssertException) ->
                    failtestf "%s on:\n%s" (e.GetType().Name) text

            Expect.isGreaterThan accepted 100 "some files are accepted"
            Expect.isLessThan accepted 9_900 "some files are rejected"
        }

        testList "limits" [
            test "a chain of 100,000 functions, each calling the one above, inlines without a stack overflow" {
                let n = 100_000

                let file =
                    parse [
                        yield "f0(x) = x + 1"
                        for k in 1..n -> $"f{k}(x) = f{k - 1}(x) * 1"
                        yield "a = 1"
                        yield $"y = f{n}(a)"
                    ]

                let result = evaluate file
                expectClose result.Value 2.0 "value"
                expectClose (row result "a").Gradient 1.0 "gradient through every body"
            }

            test "a line of 50,000 calls binds and evaluates" {
                let result =
                    evaluate (
                        parse [
                            "f(x) = x * 2"
                            "a = 1"
                            "y = " + String.Join(" + ", Array.create 50_000 "f(a)")
                        ]
                    )

                expectClose result.Value 100_000.0 "value"
                expectClose (row result "a").Gradient 100_000.0 "gradient"
            }

            test "100,000 nested calls in one line bind and evaluate" {
                let n = 100_000

                let result =
                    evaluate (
                        parse [
                            "f(x) = x + 1"
                            "a = 0"
                            "y = " + String.replicate n "f(" + "a" + String.replicate n ")"
                        ]
                    )

                expectClose result.Value (float n) "value"
            }

            test "functions that double at every level are refused at the call that crosses the limit, at once" {
                let text = [
                    yield "f0(x) = x * 2"
                    for k in 1..60 -> $"f{k}(x) = f{k - 1}(x) + f{k - 1}(x)"
                    yield "a = 1"
                    yield "small = f3(a)"
                    yield "y = small + f60(a)"
                    yield "z = f60(a)"
                ]

                let watch = Diagnostics.Stopwatch.StartNew()
                let d = singleError text

                expectError
                    d
                    64
                    13
                    "too many nodes: this call of 'f60' takes the nodes inlined by the calls of this file past the limit of 4,000,000"

                Expect.isLessThan watch.Elapsed.TotalSeconds 10.0 "refused before copying the bodies"
            }

            test "the limit counts every call of the file, so the call that crosses it is the one reported" {
                // One call of f makes about a million nodes; the fourth crosses 4,000,000.
                let text = [
                    yield "f0(x) = x * 2"
                    for k in 1..17 -> $"f{k}(x) = f{k - 1}(x) + f{k - 1}(x)"
                    yield "a = 1"
                    for k in 1..6 -> $"y{k} = f17(a)"
                ]

                let d = singleError text
                Expect.equal Binder.MaxInlinedNodes 4_000_000L "the documented limit"
                expectError d 23 6 "too many nodes: this call of 'f17'"
            }

            test "vectors count each element towards the limit, and the error is at the outermost call" {
                let big = "[" + String.Join(", ", Array.create 1000 "1") + "]"

                let text = [
                    yield "f(v) = v * 2 + 1"
                    yield "g(v) = f(v) + f(v)"
                    yield "w = " + big
                    for k in 1..1000 -> $"y{k} = sum(g(w))"
                ]

                let d = singleError text
                Expect.stringContains d.Message "too many nodes: this call of 'g'" "message"
                Expect.equal d.Position.Column (d.SourceLine.Value.IndexOf "g(" + 1) "at the call of g"
                Expect.isLessThan d.Position.Line 1003 "before the last line"
            }
        ]
    ]

/// Lets `dotnet test` run the Expecto tests of an assembly. A test project declares one method
/// marked `[<ExpectoTests>]` that calls `ExpectoInXunit.run`; xunit then finds one test case per
/// Expecto test case, named by its full Expecto name ("list.sub-list.case"), and reports each
/// passed, failed or skipped on its own. The project's `Main.fs` still runs the same tests through
/// Expecto's own runner under `dotnet run`.
///
/// The cases of one method run one after another, so a `testSequenced` test never overlaps another
/// test, as under Expecto. A test that Expecto would not run (`ptest`, or every unfocused test while
/// one is focused with `ftest`) is a skipped case.
namespace Backprop.Tests

#nowarn "44"

open System.Collections.Concurrent
open System.Reflection
open System.Runtime.ExceptionServices
open System.Threading
open Expecto
open Expecto.Impl
open Xunit
open Xunit.Abstractions
open Xunit.Sdk

/// The Expecto tests of an assembly, by full name, and a way to run one.
module ExpectoInXunit =
    let private config = {
        ExpectoConfig.defaultConfig with
            printer = TestPrinters.silent
    }

    /// A test's full name as Expecto prints it.
    let nameOf (test: FlatTest) = test.fullName config.joinWith.asString

    let private found = ConcurrentDictionary<Assembly, Lazy<FlatTest list>>()

    /// Every Expecto test case of the assembly (the values marked `[<Tests>]`), flattened.
    let testsOf (assembly: Assembly) =
        found
            .GetOrAdd(
                assembly,
                fun assembly ->
                    lazy
                        (match Impl.testFromAssembly assembly with
                         | Some test -> Test.toTestCodeList test
                         | None -> [])
            )
            .Value

    /// Why Expecto would not run the test, if it would not.
    let skipReason (assembly: Assembly) (name: string) =
        testsOf assembly
        |> List.tryFind (fun test -> nameOf test = name)
        |> Option.bind (fun test -> test.shouldSkipEvaluation)
        |> Option.map (fun reason -> $"Expecto skips it: %s{reason}")

    /// Runs the Expecto test of that name and throws, with Expecto's message, if it does not pass.
    let run (assembly: Assembly) (name: string) =
        match testsOf assembly |> List.filter (fun test -> nameOf test = name) with
        | [] -> failwith $"no Expecto test is named '%s{name}'"
        | [ test ] ->
            let summary =
                Impl.execTestAsync CancellationToken.None config test |> Async.RunSynchronously

            match summary.result with
            | TestResult.Passed -> ()
            | TestResult.Failed message -> raise (XunitException message)
            | TestResult.Error error -> ExceptionDispatchInfo.Capture(error).Throw()
            | TestResult.Ignored reason ->
                // xunit 2 cannot skip a test once it runs: mark such a test `ptest` instead.
                raise (XunitException $"the test skipped itself while running (skiptest): %s{reason}")
        | _ -> failwith $"several Expecto tests are named '%s{name}'"

/// One Expecto test case as an xunit test case: its one argument and its display name are the
/// Expecto test's full name.
type ExpectoTestCase =
    inherit XunitTestCase

    /// For xunit's de-serializer, which needs the base's obsolete constructor (hence `nowarn "44"`).
    [<System.Obsolete "For the xunit de-serializer only">]
    new() = { inherit XunitTestCase() }

    new(sink: IMessageSink, display, options, testMethod, name: string) =
        {
            inherit XunitTestCase(sink, display, options, testMethod, [| box name |])
        }

    member private this.Name = this.TestMethodArguments[0] :?> string

    override this.GetDisplayName(_, _) = this.Name

    override this.GetSkipReason _ =
        ExpectoInXunit.skipReason (this.TestMethod.TestClass.Class.ToRuntimeType().Assembly) this.Name
        |> Option.toObj

/// Finds the Expecto test cases of the assembly that declares the marked method.
type ExpectoTestsDiscoverer(sink: IMessageSink) =
    interface IXunitTestCaseDiscoverer with
        member _.Discover(options, testMethod, _) =
            let display = options.MethodDisplayOrDefault()
            let displayOptions = options.MethodDisplayOptionsOrDefault()

            let error message = [
                new ExecutionErrorTestCase(sink, display, displayOptions, testMethod, message) :> IXunitTestCase
            ]

            let assembly = testMethod.TestClass.Class.ToRuntimeType().Assembly

            let found =
                try
                    Choice1Of2(ExpectoInXunit.testsOf assembly |> List.map ExpectoInXunit.nameOf)
                with failure ->
                    Choice2Of2 $"finding the Expecto tests of %s{assembly.GetName().Name} failed: %s{failure.Message}"

            match found with
            | Choice2Of2 message -> error message
            | Choice1Of2 [] -> error $"%s{assembly.GetName().Name} has no Expecto tests"
            | Choice1Of2 names ->
                match names |> List.countBy id |> List.filter (fun (_, count) -> count > 1) with
                | (name, _) :: _ -> error $"several Expecto tests are named '%s{name}'; give each its own name"
                | [] ->
                    names
                    |> List.map (fun name ->
                        new ExpectoTestCase(sink, display, displayOptions, testMethod, name) :> IXunitTestCase)
            |> Seq.ofList

/// Marks the method of a test project that runs its Expecto tests: `member _.run(name: string) =
/// ExpectoInXunit.run typeof<ThisType>.Assembly name`.
[<XunitTestCaseDiscoverer("Backprop.Tests.ExpectoTestsDiscoverer", "Backprop.Tests.ExpectoInXunit")>]
type ExpectoTestsAttribute() =
    inherit FactAttribute()

namespace Backprop.Interactive

open System.Threading.Tasks
open Microsoft.DotNet.Interactive

/// <summary>
/// Loaded by a notebook kernel from the package's <c>interactive-extensions/dotnet</c> folder
/// when a cell references the package: registers the formatters, so that loading is one line.
/// </summary>
type KernelExtension() =
    interface IKernelExtension with
        member _.OnLoadAsync(_: Kernel) =
            Display.Register()
            Task.CompletedTask

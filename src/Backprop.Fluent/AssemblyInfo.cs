using System.Runtime.CompilerServices;

// Every public member uses only CLS types (double, string, BCL collections), so any .NET
// language can call the facade.
[assembly: CLSCompliant(true)]

// The tests check that a computation reuses its one compiled tape, which only internals show.
[assembly: InternalsVisibleTo("Backprop.Fluent.Tests")]

// The notebook display draws a value's graph from the core expression it stands for.
[assembly: InternalsVisibleTo("Backprop.Interactive")]

namespace Backprop.Functional.Language

/// <summary>A place in a source file: 1-based line and 1-based column, counted in characters.</summary>
[<Struct>]
type Position = {
    /// The line, starting at 1.
    Line: int
    /// The column, starting at 1; a tab counts as one character.
    Column: int
} with

    /// The first character of a file.
    static member Start = { Line = 1; Column = 1 }

    override this.ToString() = $"{this.Line}:{this.Column}"

namespace Backprop.Fluent.Learning;

/// <summary>
/// Data that cannot be read or used, located in its file: the message starts with the line and
/// column (e.g. <c>Line 3, column 5: 'abc' is not a number.</c>), which <see cref="Line"/> and
/// <see cref="Column"/> also give.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>An exception with no location.</summary>
    public DataFormatException()
    {
        Reason = Message;
    }

    /// <summary>An exception with no location.</summary>
    /// <param name="message">What is wrong.</param>
    public DataFormatException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>An exception with no location, caused by another.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>An exception at a line and column.</summary>
    /// <param name="line">The 1-based line, or 0 when the problem concerns the whole file.</param>
    /// <param name="column">The 1-based column, or 0 when the problem concerns a whole line.</param>
    /// <param name="reason">What is wrong, as a sentence.</param>
    public DataFormatException(int line, int column, string reason)
        : base(line == 0 ? reason : column == 0 ? $"Line {line}: {reason}" : $"Line {line}, column {column}: {reason}")
    {
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The 1-based line, or 0 when the problem concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The 1-based column (in characters), or 0 when the problem concerns a whole line or file.</summary>
    public int Column { get; }

    /// <summary>What is wrong, as a sentence, without the location.</summary>
    public string Reason { get; }
}

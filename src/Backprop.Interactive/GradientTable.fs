namespace Backprop.Interactive

open System.Net
open System.Text
open Backprop.Functional
open Backprop.Functional.Language

/// <summary>
/// The gradient of an output with respect to each of its variables, as a table: HTML in a
/// notebook, aligned text in F# Interactive. Numbers are the shortest text that reads back as
/// the same double.
/// </summary>
[<Sealed>]
type GradientTable internal (value: float, rows: (string * float) list) =

    /// The most rows shown; the rest are counted on one line.
    static member MaxRows = 200

    /// The output's number.
    member _.Value = value

    /// Each variable's name and the output's gradient with respect to it, in the order the
    /// variables are met in the graph.
    member _.Rows = rows

    member private _.Shown = List.truncate GradientTable.MaxRows rows

    member private _.Hidden = rows.Length - GradientTable.MaxRows

    /// <summary>An HTML table: one row per variable, its name and its gradient.</summary>
    member this.ToHtml() : string =
        let html = StringBuilder()

        html.Append("<table><thead><tr><th>variable</th><th>gradient</th></tr></thead><tbody>")
        |> ignore

        for name, gradient in this.Shown do
            html
                .Append("<tr><td>")
                .Append(WebUtility.HtmlEncode name)
                .Append("</td><td style=\"text-align:right\">")
                .Append(NumberText.roundTrip gradient)
                .Append("</td></tr>")
            |> ignore

        if this.Hidden > 0 then
            html.Append($"<tr><td colspan=\"2\">… and {this.Hidden} more</td></tr>")
            |> ignore

        html
            .Append("</tbody><caption style=\"caption-side:bottom\">output = ")
            .Append(NumberText.roundTrip value)
            .Append("</caption></table>")
            .ToString()

    /// The table as aligned text: a header, one line per variable, the output's number last.
    override this.ToString() =
        let shown = this.Shown

        let nameWidth =
            shown |> List.fold (fun w (name, _) -> max w name.Length) "variable".Length

        let text = StringBuilder()
        text.Append("variable".PadRight nameWidth).Append("  gradient\n") |> ignore

        for name, gradient in shown do
            text.Append(name.PadRight nameWidth).Append("  ").Append(NumberText.roundTrip gradient).Append('\n')
            |> ignore

        if this.Hidden > 0 then
            text.Append($"… and {this.Hidden} more\n") |> ignore

        text.Append("output = ").Append(NumberText.roundTrip value).ToString()

/// Builds gradient tables.
[<RequireQualifiedAccess>]
module GradientTable =

    /// <summary>The table of a gradient result: every variable of the output, in graph order.</summary>
    let ofGradients (gradients: Gradients) : GradientTable =
        let variables = gradients.Variables

        GradientTable(
            gradients.Value,
            [
                for name in gradients.Tape.Variables do
                    match variables.TryGetValue name with
                    | true, gradient -> name, gradient
                    | _ -> ()
            ]
        )

/// Files written completely or not at all.
module Backprop.Tool.AtomicFile

open System
open System.IO

/// <summary>
/// Why the file at <paramref name="path"/> cannot be written, if that can be told before writing
/// it (its folder is missing, it is a folder), starting with <paramref name="option"/> and the
/// path as given: a command that works long before it writes (train) asks first.
/// </summary>
let problem (option: string) (path: string) : string option =
    let full = Path.GetFullPath path
    let folder = Path.GetDirectoryName full

    if Directory.Exists full then
        Some $"{option} {path}: cannot write the file: it is a folder"
    elif not (Directory.Exists folder) then
        // The folder as the user wrote it, not the absolute path it resolves to.
        let named =
            match Path.GetDirectoryName path with
            | null
            | "" -> folder
            | given -> given

        Some $"{option} {path}: cannot write the file: the folder '{named}' does not exist"
    else
        None

/// <summary>
/// Writes the file at <paramref name="path"/> through <paramref name="fill"/>, which writes a
/// temporary file beside it (in the same folder, so that the move is a rename) or says why it
/// could not; the temporary file is moved over the target only when it is complete. On any
/// failure the old file, if there was one, is intact and no temporary file remains; an I/O
/// error's message starts with <paramref name="option"/> and the path. A file written says so on
/// standard error, <c>wrote PATH</c>, the one line every command writes for each of its files:
/// standard output may be the result itself, and a user should see where the file went.
/// </summary>
let tryWrite (option: string) (path: string) (fill: string -> Result<unit, string>) : Result<unit, string> =
    match problem option path with
    | Some message -> Error message
    | None ->
        let full = Path.GetFullPath path
        let folder = Path.GetDirectoryName full

        let temporary =
            Path.Combine(folder, $".{Path.GetFileName full}.{Guid.NewGuid():N}.tmp")

        try
            try
                match fill temporary with
                | Ok() ->
                    File.Move(temporary, full, true)
                    Console.Error.Write $"wrote {Terminal.printablePath path}\n"
                    Ok()
                | Error message -> Error message
            finally
                if File.Exists temporary then
                    File.Delete temporary
        with
        | :? IOException
        | :? UnauthorizedAccessException as e -> Error $"{option} {path}: cannot write the file: {e.Message}"

/// <c>tryWrite</c> for a <paramref name="fill"/> that fails only by raising an I/O exception.
let write (option: string) (path: string) (fill: string -> unit) : Result<unit, string> =
    tryWrite option path (fun temporary ->
        fill temporary
        Ok())

/// Writes a UTF-8 text file (no byte-order mark, "\n" line ends) completely or not at all.
let writeText (option: string) (path: string) (write': TextWriter -> unit) : Result<unit, string> =
    write option path (fun temporary ->
        use writer = new StreamWriter(temporary, false, Text.UTF8Encoding false)
        writer.NewLine <- "\n"
        write' writer)

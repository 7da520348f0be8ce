namespace Backprop.Tool.Tests;

/// <summary>
/// Packs take turns. The suites run in parallel, and two <c>dotnet pack</c>s of the same projects at
/// once rebuild and clean each other's outputs; every pack of the tests (and notebooks/run.sh, with
/// <c>flock</c>) holds an exclusive lock on <c>artifacts/pack.lock</c> while it runs.
/// </summary>
internal static class PackLock
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);

    public static void Hold(string repositoryRoot, Action pack)
    {
        var folder = Path.Combine(repositoryRoot, "artifacts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "pack.lock");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            FileStream held;
            try
            {
                // On Unix, .NET takes FileShare.None as an exclusive flock, the lock flock(1) takes.
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
                continue;
            }

            using (held)
            {
                pack();
                return;
            }
        }
    }
}

namespace Demarc.Storage;

/// <summary>Where Demarc keeps its data on this machine, following the XDG base directory convention.</summary>
public static class DataPaths
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string DatabaseFileName = "demarc.db";

    /// <summary>
    /// The default database: <c>$XDG_DATA_HOME/demarc/demarc.db</c> when XDG_DATA_HOME is set to an absolute path
    /// (the specification says to ignore a relative one), otherwise <c>~/.local/share/demarc/demarc.db</c>.
    /// </summary>
    /// <param name="environment">Reads an environment variable (the process environment when null).</param>
    /// <param name="home">The user's home directory (the profile folder when null).</param>
    public static string DefaultDatabase(Func<string, string?>? environment = null, string? home = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var xdg = environment("XDG_DATA_HOME");
        var dataHome = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathFullyQualified(xdg)
            ? xdg
            : Path.Combine(home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "demarc", DatabaseFileName);
    }
}

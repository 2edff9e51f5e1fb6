namespace Demarc.Cli.Output;

/// <summary>The formats every command writes.</summary>
internal enum OutputFormat
{
    /// <summary>A table: coloured on a terminal, plain and stable when piped.</summary>
    Table,

    /// <summary>JSON, as documented in docs/json-output.md.</summary>
    Json,

    /// <summary>GitHub-flavoured Markdown.</summary>
    Markdown,

    /// <summary>The command's main table as RFC 4180 CSV.</summary>
    Csv,

    /// <summary>SARIF 2.1.0 (scan only).</summary>
    Sarif,

    /// <summary>JUnit XML (scan only).</summary>
    Junit,

    /// <summary>One self-contained HTML page (scan only).</summary>
    Html,
}

/// <summary>What the process writes to: a terminal (colour, width) or a pipe.</summary>
internal sealed record CliTerminal(bool IsInteractive, int Width, bool Color)
{
    /// <summary>Piped output: no colour, no width.</summary>
    public static CliTerminal Piped { get; } = new(false, 0, false);

    public static CliTerminal Detect()
    {
        if (Console.IsOutputRedirected)
        {
            return Piped;
        }

        var width = 120;
        try
        {
            width = Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
        }

        return new CliTerminal(true, width, Environment.GetEnvironmentVariable("NO_COLOR") is null);
    }
}

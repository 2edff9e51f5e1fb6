using System.CommandLine;
using Demarc.Catalog;
using Demarc.Cli.Output;
using Demarc.Resolution;

namespace Demarc.Cli.Commands;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<OutputFormat> Format { get; } = new("--format", "-f")
    {
        Description = "Output format: table (coloured on a terminal, plain when piped), json, markdown or csv; scan also writes sarif, junit and html.",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
        HelpName = "table|json|markdown|csv|sarif|junit|html",
    };

    public Option<DirectoryInfo?> Catalog { get; } = new("--catalog")
    {
        Description = "A directory of catalog YAML laid over the built-in catalog: add services and sources, or patch cells (see docs/catalog-format.md).",
        Recursive = true,
        HelpName = "DIR",
    };
}

/// <summary>What a command needs while it runs: the catalog, resolvers and where to write.</summary>
internal sealed class CommandContext
{
    private CommandContext(ResponsibilityCatalog catalog, OutputFormat format, TextWriter output, TextWriter error, CliTerminal terminal)
    {
        Catalog = catalog;
        Format = format;
        Output = output;
        Error = error;
        Terminal = terminal;
        Services = new ServiceResolver(catalog);
        Domains = new DomainResolver(catalog);
    }

    public ResponsibilityCatalog Catalog { get; }

    public OutputFormat Format { get; }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public CliTerminal Terminal { get; }

    public ServiceResolver Services { get; }

    public DomainResolver Domains { get; }

    /// <summary>Loads the catalog (with the overlay, if any). On failure writes the problems and returns null.</summary>
    public static CommandContext? Create(ParseResult parse, GlobalOptions options, CliTerminal terminal)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var format = parse.GetValue(options.Format);
        if (format is OutputFormat.Sarif or OutputFormat.Junit or OutputFormat.Html && parse.CommandResult.Command.Name != "scan")
        {
            error.WriteLine($"demarc: --format {format.ToString().ToLowerInvariant()} is only for 'demarc scan'; use table, json, markdown or csv");
            return null;
        }

        var overlay = parse.GetValue(options.Catalog);
        if (overlay is null)
        {
            return new CommandContext(ResponsibilityCatalog.Default, format, output, error, terminal);
        }

        if (!overlay.Exists)
        {
            error.WriteLine($"demarc: catalog directory '{overlay.FullName}' does not exist");
            return null;
        }

        var result = ResponsibilityCatalog.LoadWithOverlay(overlay.ToString());
        if (!result.IsValid)
        {
            error.WriteLine($"demarc: the catalog overlay in '{overlay}' has {result.Diagnostics.Count} problem(s):");
            foreach (var diagnostic in result.Diagnostics)
            {
                error.WriteLine($"  {diagnostic}");
            }

            error.WriteLine("Run 'demarc catalog validate DIR' for details.");
            return null;
        }

        return new CommandContext(result.Catalog!, format, output, error, terminal);
    }

    /// <summary>The same context writing somewhere else (for <c>--output FILE</c>).</summary>
    public CommandContext WithOutput(TextWriter output, CliTerminal terminal) => new(Catalog, Format, output, Error, terminal);

    /// <summary>Writes a document in the chosen text format, or the JSON contract.</summary>
    public void Write(Document document, Func<string> json)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                Output.WriteLine(json());
                break;
            case OutputFormat.Markdown:
                MarkdownWriter.Write(document, Output);
                break;
            case OutputFormat.Csv:
                CsvWriter.Write(document, Output);
                break;
            default:
                if (Terminal.IsInteractive)
                {
                    TerminalWriter.Write(document, Output, Terminal);
                }
                else
                {
                    PlainWriter.Write(document, Output);
                }

                break;
        }
    }

    /// <summary>Resolves a service argument or explains why not.</summary>
    public Model.Subject? ResolveService(string input)
    {
        var resolution = Services.Resolve(input);
        if (resolution.Subject is not null)
        {
            return resolution.Subject;
        }

        var names = string.Join(", ", resolution.Candidates.Select(c => $"{c.Id} ({c.Name})"));
        Error.WriteLine(resolution.Status == ResolutionStatus.Ambiguous
            ? $"demarc: '{input}' could mean several services: {names}. Use one of these ids."
            : resolution.Candidates.Count > 0
                ? $"demarc: unknown service '{input}'. Did you mean: {names}?"
                : $"demarc: unknown service '{input}'. Run 'demarc services' to list the catalog.");
        return null;
    }

    /// <summary>Resolves task words to a domain or explains why not.</summary>
    public DomainResolution? ResolveDomain(string input)
    {
        var resolution = Domains.Resolve(input);
        if (resolution.Domain is not null)
        {
            return resolution;
        }

        var candidates = string.Join(", ", resolution.Candidates.Select(c => $"{c.Domain.Id} ({c.Domain.Name})"));
        if (resolution.Status == ResolutionStatus.Ambiguous)
        {
            Error.WriteLine($"demarc: '{input}' could mean several responsibilities: {candidates}.");
            Error.WriteLine("Be more specific (for example 'patch the guest OS' or 'upgrade the database engine'), or give a domain id.");
            return null;
        }

        var unknown = resolution.UnknownWords.Count > 0 ? $" (not understood: {string.Join(", ", resolution.UnknownWords)})" : "";
        Error.WriteLine($"demarc: no responsibility matches '{input}'{unknown}.");
        if (resolution.Suggestions.Count > 0 || resolution.Candidates.Count > 0)
        {
            var hints = resolution.Suggestions.Select(s => $"'{s}'").Concat(resolution.Candidates.Select(c => c.Domain.Id)).Distinct().Take(6);
            Error.WriteLine($"Did you mean: {string.Join(", ", hints)}?");
        }

        Error.WriteLine("Run 'demarc show <service>' to see every domain.");
        return null;
    }
}

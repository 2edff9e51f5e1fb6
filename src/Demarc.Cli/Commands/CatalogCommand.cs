using System.CommandLine;
using Demarc.Catalog;
using Demarc.Cli.Output;
using Demarc.Contracts;

namespace Demarc.Cli.Commands;

/// <summary><c>demarc catalog validate [DIR]</c>: checks the built-in catalog, or an overlay laid over it.</summary>
internal static class CatalogCommand
{
    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        var directory = new Argument<DirectoryInfo?>("DIR")
        {
            Description = "An overlay directory to validate on top of the built-in catalog (default: the built-in catalog alone).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var validate = new Command("validate", """
            Validate a catalog: every file, line and column that breaks a rule (unknown ids, a missing domain,
            an exception without a source, duplicate aliases or resource types, the of-the-cloud and never-AWS invariants).

            Examples:
              demarc catalog validate                 # the built-in catalog
              demarc catalog validate ./my-catalog    # your overlay on top of it
              demarc catalog validate ./my-catalog --format json

            Exit codes: 0 valid, 1 problems found, 2 the directory cannot be read.
            """)
        {
            directory,
        };
        validate.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var dir = parse.GetValue(directory) ?? parse.GetValue(options.Catalog);
            if (dir is not null && !dir.Exists)
            {
                error.WriteLine($"demarc: catalog directory '{dir}' does not exist");
                return ExitCodes.InputError;
            }

            var result = ResponsibilityCatalog.LoadWithOverlay(dir?.ToString());
            var format = parse.GetValue(options.Format);
            var document = Render(result, dir?.ToString());
            if (format == OutputFormat.Json)
            {
                output.WriteLine(CatalogContracts.Serialize(CatalogContracts.Validation(result), CatalogContracts.Json.ValidationJson));
            }
            else if (format == OutputFormat.Markdown)
            {
                MarkdownWriter.Write(document, output);
            }
            else if (format == OutputFormat.Csv)
            {
                CsvWriter.Write(document, output);
            }
            else if (terminal.IsInteractive)
            {
                TerminalWriter.Write(document, output, terminal);
            }
            else
            {
                PlainWriter.Write(document, output);
            }

            return result.IsValid ? ExitCodes.Success : ExitCodes.Findings;
        });
        var command = new Command("catalog", "Work with the responsibility catalog (see docs/catalog-format.md).") { validate };
        return command;
    }

    internal static Document Render(CatalogLoadResult result, string? overlay)
    {
        var what = overlay is null ? "the built-in catalog" : $"the built-in catalog with overlay '{overlay}'";
        var catalog = result.Catalog;
        var blocks = new List<Block>
        {
            new Heading("Catalog validation", 1),
            new Paragraph(result.IsValid
                ? $"Valid: {what} has {catalog!.Services.Count} services, {catalog.Services.Sum(s => s.Variants.Count)} variants and {catalog.Domains.Count} domains."
                : $"Invalid: {what} has {result.Diagnostics.Count} problem(s)."),
        };
        if (!result.IsValid)
        {
            blocks.Add(new Table(
                null,
                ["Location", "Rule", "Problem"],
                [.. result.Diagnostics.Select(d => (IReadOnlyList<TableCell>)[d.Location.ToString(), d.Rule, d.Message])],
                IsPrimary: true));
        }
        else
        {
            // CSV readers still get a header: the primary table is the (empty) list of problems.
            blocks.Add(new Table(null, ["Location", "Rule", "Problem"], [], IsPrimary: true) { Hidden = true });
        }

        return new Document(blocks);
    }
}

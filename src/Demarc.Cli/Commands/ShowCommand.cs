using System.CommandLine;
using Demarc.Cli.Output;
using Demarc.Contracts;
using Demarc.Model;
using Demarc.Views;

namespace Demarc.Cli.Commands;

/// <summary><c>demarc show &lt;service&gt;</c>: the full matrix of one service, its variants and how they differ.</summary>
internal static class ShowCommand
{
    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        var service = new Argument<string>("service") { Description = "A service or variant: id, name or alias." };
        var command = new Command("show", """
            The full responsibility matrix of one service or variant, with its variants and how they differ.

            Every domain with its owner, what AWS does, what you do, notes and sources. Cells marked * depart from
            the service model's default (a sourced exception); cells marked ? could not be verified.

            Examples:
              demarc show rds
              demarc show rds_custom_oracle
              demarc show "Amazon EKS" --format markdown
              demarc show lambda --format csv > lambda.csv
            """)
        {
            service,
        };
        command.SetAction(parse =>
        {
            var context = CommandContext.Create(parse, options, terminal);
            var subject = context?.ResolveService(parse.GetValue(service)!);
            if (context is null || subject is null)
            {
                return ExitCodes.InputError;
            }

            var matrix = ResponsibilityViews.Show(context.Catalog, subject);
            context.Write(Render(context.Catalog, matrix), () => CatalogContracts.Serialize(CatalogContracts.Show(context.Catalog, matrix), CatalogContracts.Json.ShowJson));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Document Render(Catalog.ResponsibilityCatalog catalog, ServiceMatrix matrix)
    {
        var subject = matrix.Subject;
        var service = subject.Service;
        var counts = matrix.Counts;
        var blocks = new List<Block>
        {
            new Heading($"{subject.Name} ({subject.Id})", 1),
            new Paragraph(subject.Variant?.Summary ?? service.Summary),
            new Fields(
            [
                new("Model", $"{matrix.Model.Name} ({matrix.Model.Id})"),
                new("Category", service.Category),
                .. subject.Variant is null ? [] : new[] { new Field("Variant of", $"{service.Name} ({service.Id})") },
                .. WhoCommand.Optional("Aliases", string.Join(", ", subject.Variant?.Aliases ?? service.Aliases)),
                .. WhoCommand.Optional("CloudFormation", string.Join(", ", service.ResourceTypes.CloudFormation)),
                .. WhoCommand.Optional("Terraform", string.Join(", ", service.ResourceTypes.Terraform)),
                new("Split", $"AWS {counts[Owner.Aws]}, Shared {counts[Owner.Shared]}, Customer {counts[Owner.Customer]}, N/A {counts[Owner.NotApplicable]} of {matrix.Cells.Count} domains"),
            ]),
            new Table(
                "Responsibility matrix",
                ["Domain", "Layer", "Owner", "AWS does", "You do", "Note", "Sources"],
                [.. matrix.Cells.Select(c => (IReadOnlyList<TableCell>)
                [
                    c.Domain.Id,
                    c.Domain.Layer.Display(),
                    TableCell.Of(c.Cell.Owner, Marks(c)),
                    c.Cell.Parts.Aws,
                    c.Cell.Parts.Customer,
                    NoteText(c),
                    (c.Cell.Confidence == Confidence.ModelDefault ? "model: " : "") + string.Join(" ", c.Sources.Select(s => s.Id)),
                ])],
                IsPrimary: true),
            new Paragraph("* differs from the model's default (a sourced exception)   ? unverified   ^ changed by this variant"),
        };

        if (matrix.Variants.Count > 0)
        {
            blocks.Add(new Table(
                "Variants",
                ["Variant", "Name", "Changes", "How it differs"],
                [.. matrix.Variants.Select(v => (IReadOnlyList<TableCell>)
                [
                    v.Variant.Id,
                    v.Variant.Name,
                    string.Join("; ", v.Changes.Where(c => c.From != c.To).Select(c => $"{c.Domain.Id}: {c.From.Display()} -> {c.To.Display()}")),
                    v.Variant.Summary,
                ])]));
        }

        if (matrix.Parent is not null)
        {
            var changes = ResponsibilityViews.Difference(catalog, service, subject.Variant!).Changes.Where(c => c.From != c.To).ToList();
            blocks.Add(new Heading($"Differences from {service.Name}"));
            blocks.Add(new Bullets(changes.Count == 0
                ? ["No owner changes; only the wording of some cells differs."]
                : [.. changes.Select(c => $"{c.Domain.Name} ({c.Domain.Id}): {c.From.Display()} -> {c.To.Display()}")]));
        }

        if (service.Caveats.Count > 0)
        {
            blocks.Add(new Heading("Watch out"));
            blocks.Add(new Bullets(service.Caveats));
        }

        var sources = matrix.Cells.SelectMany(c => c.Sources).DistinctBy(s => s.Id).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        blocks.Add(new Heading("Sources"));
        blocks.Add(new Bullets([.. sources.Select(s => $"{s.Id}: {s.Title} <{s.Url}>")]));
        return new Document(blocks);
    }

    internal static string Marks(CellView cell) =>
        (cell.IsException ? "*" : "") + (cell.Cell.Confidence == Confidence.Unverified ? "?" : "") + (cell.IsOverridden ? "^" : "");

    private static string NoteText(CellView cell)
    {
        var note = cell.Cell.Note ?? "";
        if (cell.Cell.AsOf is not null)
        {
            note = $"{note} (as of {cell.Cell.AsOf})".Trim();
        }

        return cell.Cell.Confidence == Confidence.Unverified ? $"UNVERIFIED. {note}".Trim() : note;
    }
}

using System.CommandLine;
using Demarc.Cli.Output;
using Demarc.Contracts;
using Demarc.Model;
using Demarc.Views;

namespace Demarc.Cli.Commands;

/// <summary><c>demarc services [--model M]</c>: the catalog's services with their model and split.</summary>
internal static class ServicesCommand
{
    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        var model = new Option<string?>("--model", "-m")
        {
            Description = "Only services of one model: iaas, container, managed, serverless or abstracted.",
            HelpName = "iaas|container|managed|serverless|abstracted",
        };
        var command = new Command("services", """
            List the catalog's services with their service model and how the responsibility domains split.

            Examples:
              demarc services
              demarc services --model serverless
              demarc services --format csv > services.csv
            """)
        {
            model,
        };
        command.SetAction(parse =>
        {
            var context = CommandContext.Create(parse, options, terminal);
            if (context is null)
            {
                return ExitCodes.InputError;
            }

            var modelId = parse.GetValue(model)?.Trim().ToLowerInvariant();
            if (modelId is not null && context.Catalog.FindModel(modelId) is null)
            {
                context.Error.WriteLine($"demarc: unknown model '{modelId}'. Models: {string.Join(", ", context.Catalog.Models.Select(m => m.Id))}.");
                return ExitCodes.InputError;
            }

            var listings = ResponsibilityViews.Services(context.Catalog, modelId);
            context.Write(Render(context.Catalog, listings, modelId), () => CatalogContracts.Serialize(CatalogContracts.Services(listings), CatalogContracts.Json.ServicesJson));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Document Render(Catalog.ResponsibilityCatalog catalog, IReadOnlyList<ServiceListing> listings, string? modelId)
    {
        var title = modelId is null ? "Services" : $"Services: {catalog.Model(modelId).Name}";
        return new Document(
        [
            new Heading($"{title} ({listings.Count})", 1),
            new Table(
                null,
                ["Id", "Name", "Model", "Category", "AWS", "Shared", "Customer", "Variants", "Summary"],
                [.. listings.Select(l => (IReadOnlyList<TableCell>)
                [
                    l.Service.Id,
                    l.Service.Name,
                    l.Model.Id,
                    l.Service.Category,
                    new TableCell(l.Counts[Owner.Aws].ToString(), Owner.Aws),
                    new TableCell(l.Counts[Owner.Shared].ToString(), Owner.Shared),
                    new TableCell(l.Counts[Owner.Customer].ToString(), Owner.Customer),
                    l.Service.Variants.Count.ToString(),
                    l.Service.Summary,
                ])],
                IsPrimary: true),
            new Paragraph("Counts are responsibility domains per owner. 'demarc show <id>' gives the full matrix."),
        ]);
    }
}

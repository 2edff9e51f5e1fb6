using System.CommandLine;
using Demarc.Cli.Output;
using Demarc.Contracts;
using Demarc.Model;
using Demarc.Views;

namespace Demarc.Cli.Commands;

/// <summary>Which rows a comparison shows.</summary>
internal enum CompareView
{
    /// <summary>Every responsibility domain.</summary>
    Domains,

    /// <summary>The source document's core table (physical security, hardware, hypervisor, network, OS, application, data, identity).</summary>
    Core,
}

/// <summary><c>demarc compare &lt;service&gt; &lt;service&gt; …</c>: domains × services side by side.</summary>
internal static class CompareCommand
{
    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        var services = new Argument<string[]>("services") { Description = "Two or more services or variants.", Arity = new ArgumentArity(2, 20) };
        var view = new Option<CompareView>("--view")
        {
            Description = "domains: every domain (default); core: the rows of the source document's core table.",
            DefaultValueFactory = _ => CompareView.Domains,
            HelpName = "domains|core",
        };
        var command = new Command("compare", """
            Compare services side by side: who owns each responsibility domain on each service.

            Examples:
              demarc compare ec2 rds lambda
              demarc compare ec2 rds lambda --view core      # the source document's core table
              demarc compare ecs_ec2 fargate eks eks_fargate --format markdown
            """)
        {
            services,
            view,
        };
        command.SetAction(parse =>
        {
            var context = CommandContext.Create(parse, options, terminal);
            if (context is null)
            {
                return ExitCodes.InputError;
            }

            var subjects = parse.GetValue(services)!.Select(context.ResolveService).ToList();
            if (subjects.Any(s => s is null))
            {
                return ExitCodes.InputError;
            }

            var comparison = ResponsibilityViews.Compare(context.Catalog, subjects!);
            var document = parse.GetValue(view) == CompareView.Core ? RenderCore(comparison) : RenderDomains(comparison);
            context.Write(document, () => CatalogContracts.Serialize(CatalogContracts.Compare(context.Catalog, comparison), CatalogContracts.Json.CompareJson));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Document RenderDomains(Comparison comparison)
    {
        var subjects = comparison.Subjects;
        return new Document(
        [
            new Heading("Compare: " + string.Join(" | ", subjects.Select(s => s.Name)), 1),
            new Fields([.. subjects.Select((s, i) => new Field(s.Id, $"{s.Name}, {comparison.Models[i].Name.ToLowerInvariant()} model"))]),
            new Table(
                null,
                ["Domain", "Layer", .. subjects.Select(s => s.Id)],
                [.. comparison.Rows.Select(r => (IReadOnlyList<TableCell>)
                [
                    r.Domain.Id,
                    r.Domain.Layer.Display(),
                    .. r.Cells.Select(c => TableCell.Of(c.Cell.Owner, ShowCommand.Marks(c))),
                ])],
                IsPrimary: true),
            new Paragraph("* differs from the model's default   ? unverified   ^ changed by the variant"),
            new Table(
                "Customer load (Customer = 1, Shared = 0.5)",
                ["Service", "AWS", "Shared", "Customer", "N/A", "Load"],
                [.. subjects.Select((s, i) =>
                {
                    var owners = comparison.Rows.Select(r => r.Cells[i].Cell.Owner).ToList();
                    return (IReadOnlyList<TableCell>)
                    [
                        s.Id,
                        owners.Count(o => o == Owner.Aws).ToString(),
                        owners.Count(o => o == Owner.Shared).ToString(),
                        owners.Count(o => o == Owner.Customer).ToString(),
                        owners.Count(o => o == Owner.NotApplicable).ToString(),
                        owners.Sum(o => o.CustomerWeight()).ToString("0.0"),
                    ];
                })]),
        ]);
    }

    internal static Document RenderCore(Comparison comparison)
    {
        var subjects = comparison.Subjects;
        return new Document(
        [
            new Heading("The core model: " + string.Join(" | ", subjects.Select(s => s.Name)), 1),
            new Paragraph("Rows of the source document's core table. A row is Shared when AWS and the customer each own a part of its domains."),
            new Table(
                null,
                ["Responsibility", "AWS", "Customer", .. subjects.Select(s => s.Id)],
                [.. comparison.CoreRows.Select(r => (IReadOnlyList<TableCell>)
                [
                    r.Row.Name,
                    r.Row.Parts.Aws,
                    r.Row.Parts.Customer,
                    .. r.Owners.Select(o => TableCell.Of(o)),
                ])],
                IsPrimary: true),
            new Bullets([.. comparison.CoreRows.Select(r => $"{r.Row.Name}: {string.Join(", ", r.Row.DomainIds)}")]),
        ]);
    }
}

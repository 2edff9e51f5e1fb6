using System.CommandLine;
using Demarc.Cli.Output;
using Demarc.Contracts;
using Demarc.Model;
using Demarc.Views;

namespace Demarc.Cli.Commands;

/// <summary><c>demarc shift &lt;from&gt; &lt;to&gt;</c>: what moves when a workload moves between services.</summary>
internal static class ShiftCommand
{
    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        var from = new Argument<string>("from") { Description = "The service the workload runs on now." };
        var to = new Argument<string>("to") { Description = "The service it moves to." };
        var command = new Command("shift", """
            What moves to AWS, what moves to you and what stays when a workload moves from one service to another.

            Examples:
              demarc shift ec2 rds                   # self-managed database -> Amazon RDS
              demarc shift ec2 lambda
              demarc shift ecs_ec2 ecs_fargate
              demarc shift rds rds_custom_oracle     # some duties come back to you
            """)
        {
            from,
            to,
        };
        command.SetAction(parse =>
        {
            var context = CommandContext.Create(parse, options, terminal);
            if (context is null)
            {
                return ExitCodes.InputError;
            }

            var before = context.ResolveService(parse.GetValue(from)!);
            var after = context.ResolveService(parse.GetValue(to)!);
            if (before is null || after is null)
            {
                return ExitCodes.InputError;
            }

            var shift = ResponsibilityViews.Shift(context.Catalog, before, after);
            context.Write(Render(shift), () => CatalogContracts.Serialize(CatalogContracts.Shift(context.Catalog, shift), CatalogContracts.Json.ShiftJson));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Document Render(Shift shift)
    {
        var toAws = shift.Where(ShiftDirection.ToAws);
        var toCustomer = shift.Where(ShiftDirection.ToCustomer);
        var appears = shift.Where(ShiftDirection.Appears);
        var disappears = shift.Where(ShiftDirection.Disappears);
        var unchanged = shift.Where(ShiftDirection.Unchanged);
        var delta = shift.CustomerLoadAfter - shift.CustomerLoadBefore;
        var blocks = new List<Block>
        {
            new Heading($"Moving from {shift.From.Name} to {shift.To.Name}", 1),
            new Fields(
            [
                new("From", $"{shift.From.Name} ({shift.From.Id}), {shift.FromModel.Name.ToLowerInvariant()} model"),
                new("To", $"{shift.To.Name} ({shift.To.Id}), {shift.ToModel.Name.ToLowerInvariant()} model"),
                new("Your load", $"{shift.CustomerLoadBefore:0.0} -> {shift.CustomerLoadAfter:0.0} domains ({(delta <= 0 ? "" : "+")}{delta:0.0}; Customer = 1, Shared = 0.5)"),
                new("Summary", $"{toAws.Count} move toward AWS, {toCustomer.Count} move toward you, {appears.Count} appear, {disappears.Count} no longer apply, {unchanged.Count} stay"),
            ]),
            new Table(
                "All domains",
                ["Domain", "Before", "After", "Change"],
                [.. shift.Changes.Select(c => (IReadOnlyList<TableCell>)
                [
                    c.Domain.Id,
                    TableCell.Of(c.From.Cell.Owner),
                    TableCell.Of(c.To.Cell.Owner),
                    Arrow(c.Direction),
                ])],
                IsPrimary: true),
        };

        AddSection(blocks, "Moves toward AWS", toAws, c => $"{Owners(c)}. You no longer: {c.From.Cell.Parts.Customer} Now AWS: {c.To.Cell.Parts.Aws} You still: {c.To.Cell.Parts.Customer}");
        AddSection(blocks, "Moves toward you", toCustomer, c => $"{Owners(c)}. Now you: {c.To.Cell.Parts.Customer}");
        AddSection(blocks, "New responsibilities", appears, c => $"{Owners(c)}. {c.To.Cell.Parts.Customer}");
        AddSection(blocks, "No longer applies", disappears, c => $"{Owners(c)}.");
        blocks.Add(new Heading("Stays the same"));
        blocks.Add(new Paragraph(unchanged.Count == 0
            ? "Nothing."
            : string.Join("; ", unchanged.GroupBy(c => c.To.Cell.Owner).Select(g => $"{g.Key.Display()}: {string.Join(", ", g.Select(c => c.Domain.Id))}"))));
        return new Document(blocks);
    }

    private static void AddSection(List<Block> blocks, string title, IReadOnlyList<ShiftChange> changes, Func<ShiftChange, string> describe)
    {
        if (changes.Count == 0)
        {
            return;
        }

        blocks.Add(new Heading(title));
        blocks.Add(new Bullets([.. changes.Select(c => $"{c.Domain.Name} ({c.Domain.Id}): {describe(c)}")]));
    }

    private static string Owners(ShiftChange change) => $"{change.From.Cell.Owner.Display()} -> {change.To.Cell.Owner.Display()}";

    private static string Arrow(ShiftDirection direction) => direction switch
    {
        ShiftDirection.ToAws => "toward AWS",
        ShiftDirection.ToCustomer => "toward you",
        ShiftDirection.Appears => "new",
        ShiftDirection.Disappears => "no longer applies",
        _ => "",
    };
}

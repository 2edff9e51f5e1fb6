using System.CommandLine;
using Demarc.Cli.Output;
using Demarc.Contracts;
using Demarc.Model;
using Demarc.Views;

namespace Demarc.Cli.Commands;

/// <summary><c>demarc who &lt;service&gt; &lt;task words&gt;</c>: one cell, explained.</summary>
internal static class WhoCommand
{
    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        var service = new Argument<string>("service") { Description = "A service or variant: id, name or alias (EC2, \"Amazon RDS\", fargate, rds_custom_oracle)." };
        var task = new Argument<string[]>("task") { Description = "What needs doing, in words or as a domain id (\"patch the operating system\", MFA, enc_rest).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("who", """
            Who is responsible for a task on a service: the owner, what AWS does, what is left to you, and the sources.

            Examples:
              demarc who rds "patch the operating system"     # AWS
              demarc who ec2 patch the guest OS                # Customer
              demarc who s3 encrypt data at rest               # Customer (S3 encrypts by default; keys stay your choice)
              demarc who "RDS for PostgreSQL" upgrade the database engine
              demarc who lambda MFA --format json
            """)
        {
            service,
            task,
        };
        command.SetAction(parse =>
        {
            var context = CommandContext.Create(parse, options, terminal);
            if (context is null)
            {
                return ExitCodes.InputError;
            }

            var subject = context.ResolveService(parse.GetValue(service)!);
            var taskText = string.Join(' ', parse.GetValue(task)!);
            var domain = context.ResolveDomain(taskText);
            if (subject is null || domain is null)
            {
                return ExitCodes.InputError;
            }

            var answer = ResponsibilityViews.Who(context.Catalog, subject, domain.Domain!);
            var understood = new UnderstoodJson(parse.GetValue(service)!, taskText, domain.Match!.Phrase);
            context.Write(Render(answer, understood), () => CatalogContracts.Serialize(CatalogContracts.Who(context.Catalog, answer, understood), CatalogContracts.Json.WhoJson));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Document Render(WhoAnswer answer, UnderstoodJson understood)
    {
        var cell = answer.Cell;
        var subject = answer.Subject;
        var blocks = new List<Block>
        {
            new Heading($"Who is responsible for {cell.Domain.Name.ToLowerInvariant()} on {subject.Name}?", 1),
            new Verdict(cell.Cell.Owner.Display(), cell.Cell.Owner, Explain(cell)),
            new Fields(
            [
                new("Service", $"{subject.Name} ({subject.Id}), {answer.Model.Name.ToLowerInvariant()} model"),
                new("Domain", $"{cell.Domain.Name} ({cell.Domain.Id}), security {cell.Domain.Layer.Display()} the cloud"),
                new("Understood", $"\"{understood.Task}\" as \"{understood.MatchedPhrase}\""),
                new("AWS does", cell.Cell.Parts.Aws),
                new("You do", cell.Cell.Parts.Customer),
                .. Optional("Note", cell.Cell.Note),
                new("Confidence", ConfidenceText(cell)),
                .. Optional("As of", cell.Cell.AsOf),
            ]),
        };
        if (answer.Controls.Count > 0)
        {
            blocks.Add(new Heading("AWS control categories"));
            blocks.Add(new Bullets([.. answer.Controls.Select(c => $"{c.Control.Name} ({c.Category.Name.ToLowerInvariant()}): AWS - {c.Control.Parts.Aws} You - {c.Control.Parts.Customer}")]));
        }

        blocks.Add(new Heading("Sources"));
        blocks.Add(new Table(null, ["Source", "Title", "URL"], [.. cell.Sources.Select(s => (IReadOnlyList<TableCell>)[s.Id, s.Title, s.Url])], IsPrimary: true));
        return new Document(blocks);
    }

    internal static string Explain(CellView cell) => cell.Cell.Owner switch
    {
        Owner.Aws => "AWS is responsible; nothing is left to you at this layer.",
        Owner.Customer => "You (the customer) are responsible.",
        Owner.Shared => "Shared: AWS and you each own a part.",
        _ => "Does not apply to this service.",
    } + (cell.IsException ? $" (An exception: the {cell.DefaultOwner.Display()} default of this service model does not hold here.)" : "");

    internal static string ConfidenceText(CellView cell) => cell.Cell.Confidence switch
    {
        Confidence.Verified => "verified against the sources below",
        Confidence.ModelDefault => "follows the service model's rule (model sources below)",
        _ => "UNVERIFIED: could not be confirmed against a service page",
    };

    internal static IEnumerable<Field> Optional(string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [new Field(label, value)];
}

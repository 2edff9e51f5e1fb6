using Demarc.Model;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Demarc.Cli.Output;

/// <summary>Rich output for an interactive terminal: coloured owners, wrapped tables, a highlighted verdict.</summary>
internal static class TerminalWriter
{
    public static void Write(Document document, TextWriter output, CliTerminal terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal.Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(60, terminal.Width);
        foreach (var block in document.Blocks)
        {
            console.Write(Render(block));
            console.WriteLine();
        }
    }

    public static string Color(Owner owner) => owner switch
    {
        Owner.Aws => "darkorange",
        Owner.Customer => "deepskyblue1",
        Owner.Shared => "mediumpurple1",
        _ => "grey",
    };

    private static IRenderable Render(Block block) => block switch
    {
        Heading { Level: 1 } heading => new Rule($"[bold]{Markup.Escape(heading.Text)}[/]") { Justification = Justify.Left },
        Heading heading => new Markup($"[bold underline]{Markup.Escape(heading.Text)}[/]"),
        Paragraph paragraph => new Markup(Markup.Escape(paragraph.Text)),
        Code code => new Panel(new Spectre.Console.Text(code.Text.TrimEnd('\n'))) { Border = BoxBorder.Rounded, BorderStyle = new Style(Spectre.Console.Color.Grey) },
        Verdict verdict => new Panel(new Markup($"[bold {Color(verdict.Owner)}]{Markup.Escape(verdict.Label)}[/]  {Markup.Escape(verdict.Detail)}"))
        {
            Border = BoxBorder.Heavy,
            BorderStyle = new Style(Spectre.Console.Color.Grey),
        },
        Fields fields => RenderFields(fields),
        Bullets bullets => new Rows(bullets.Items.Select(i => new Markup("• " + Markup.Escape(i)))),
        Table table => RenderTable(table),
        _ => new Spectre.Console.Text(""),
    };

    private static Grid RenderFields(Fields fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var field in fields.Items)
        {
            grid.AddRow(new Markup($"[grey]{Markup.Escape(field.Label)}[/]"), new Markup(Markup.Escape(field.Value)));
        }

        return grid;
    }

    private static Spectre.Console.Table RenderTable(Table table)
    {
        var rendered = new Spectre.Console.Table { Border = TableBorder.Rounded };
        if (table.Title is not null)
        {
            rendered.Title = new TableTitle(table.Title, new Style(decoration: Decoration.Bold));
        }

        foreach (var column in table.Columns)
        {
            rendered.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        foreach (var row in table.Rows)
        {
            rendered.AddRow(row.Select(c => (IRenderable)new Markup(
                c.Owner is { } owner ? $"[{Color(owner)}]{Markup.Escape(c.Text)}[/]" : Markup.Escape(c.Text))));
        }

        return rendered;
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Demarc.Cli;

/// <summary>
/// Help that teaches: a command's first paragraph is its description (shown in lists); the rest of its text
/// (details, examples, exit codes) is printed after the standard help of that command only.
/// </summary>
internal static class CommandHelp
{
    private static readonly ConditionalWeakTable<Command, string> Epilogues = [];

    /// <summary>Splits every command's text into description and epilogue, and makes --help print the epilogue.</summary>
    public static void Install(RootCommand root)
    {
        Split(root);
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            if (option.Action is HelpAction inner)
            {
                option.Action = new EpilogueHelpAction(inner);
            }
        }
    }

    private static void Split(Command command)
    {
        var text = command.Description ?? "";
        var paragraphs = text.Replace("\r", "", StringComparison.Ordinal).Split("\n\n", 2);
        if (paragraphs.Length == 2)
        {
            command.Description = paragraphs[0].Trim();
            Epilogues.AddOrUpdate(command, paragraphs[1].TrimEnd());
        }

        foreach (var child in command.Subcommands)
        {
            Split(child);
        }
    }

    private sealed class EpilogueHelpAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var result = inner.Invoke(parseResult);
            if (Epilogues.TryGetValue(parseResult.CommandResult.Command, out var epilogue))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(epilogue);
                output.WriteLine();
            }

            return result;
        }
    }
}

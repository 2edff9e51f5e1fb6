using System.CommandLine;
using Demarc.Cli.Commands;
using Demarc.Cli.Output;

namespace Demarc.Cli;

/// <summary>Exit codes, documented in --help and the README.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and found problems (an invalid catalog; later: violations).</summary>
    public const int Findings = 1;

    /// <summary>The input could not be used: an unknown service or task, bad arguments, an unreadable or invalid overlay.</summary>
    public const int InputError = 2;
}

/// <summary>The `demarc` command line: global options, subcommands, and one place that runs them.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliTerminal terminal)
    {
        var root = Build(terminal);
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }

    public static RootCommand Build(CliTerminal terminal)
    {
        var options = new GlobalOptions();
        var root = new RootCommand(
            """
            Demarc: the AWS shared responsibility model as software. AWS secures the cloud itself; you secure
            what you put in it. Demarc says exactly who owns what, per service and per responsibility domain,
            with the sources behind every answer.

            Examples:
              demarc who rds "patch the operating system"
              demarc show lambda
              demarc compare ec2 rds lambda
              demarc shift ec2 rds
              demarc services --model serverless
              demarc ask "Who is responsible for patching the guest OS on Amazon EC2?"
              demarc scan samples/
              demarc quiz --count 5
              demarc serve                      # the web app on http://127.0.0.1:5000

            Exit codes: 0 success, 1 findings (for example an invalid catalog), 2 input error
            (unknown service or task, bad arguments, unreadable overlay); demarc ask also uses
            3 (question not understood) and 4 (answered tentatively).
            """);
        root.Add(options.Format);
        root.Add(options.Catalog);
        root.Add(ServicesCommand.Create(options, terminal));
        root.Add(ShowCommand.Create(options, terminal));
        root.Add(WhoCommand.Create(options, terminal));
        root.Add(CompareCommand.Create(options, terminal));
        root.Add(ShiftCommand.Create(options, terminal));
        root.Add(CatalogCommand.Create(options, terminal));
        root.Add(AskCommand.Create(options, terminal));
        root.Add(ScanCommand.Create(options, terminal));
        root.Add(QuizCommand.Create(options, terminal));
        root.Add(ServeCommand.Create(options, terminal));
        CommandHelp.Install(root);
        return root;
    }
}

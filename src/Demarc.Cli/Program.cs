using Demarc.Cli;
using Demarc.Cli.Output;

return await CliApp.RunAsync(args, Console.Out, Console.Error, CliTerminal.Detect());

using System.CommandLine;
using System.Diagnostics;
using Demarc.Cli.Output;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Reporting;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Mapping;
using Demarc.Scanning.Templates;
using Demarc.Scanning.Terraform;
using Demarc.Views;
using Spectre.Console;
using Block = Demarc.Cli.Output.Block;
using Paragraph = Demarc.Cli.Output.Paragraph;
using Table = Demarc.Cli.Output.Table;
using TableCell = Demarc.Cli.Output.TableCell;

namespace Demarc.Cli.Commands;

/// <summary><c>demarc scan PATH... | -</c>: CloudFormation and SAM templates → the architecture's services and responsibility matrix.</summary>
internal static class ScanCommand
{
    /// <summary>The clock that says what today is, unless --as-of says otherwise (tests replace it).</summary>
    internal static TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Where <c>-</c> reads from (tests replace it).</summary>
    internal static Func<Stream> StandardInput { get; set; } = Console.OpenStandardInput;

    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Template files, Terraform plan JSON files (terraform show -json), or directories (searched recursively for templates, plans and directories of .tf files); '-' reads one template or plan from standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var parameter = new Option<string[]>("--parameter", "-p")
        {
            Description = "Override a parameter's value: Key=Value (repeatable). Pseudo-parameters too: AWS::Region=eu-west-1.",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var parametersFile = new Option<FileInfo[]>("--parameters")
        {
            Description = "A JSON file of parameter values, as 'aws cloudformation create-stack' or 'deploy' accept it (repeatable; later files and --parameter win).",
            HelpName = "FILE",
        };
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Also list the files skipped as not templates, and notes.",
        };
        var maxFileSize = new Option<int>("--max-file-size")
        {
            Description = "Largest file read, in MB (default 20). Larger files are reported as errors.",
            DefaultValueFactory = _ => 20,
            HelpName = "MB",
        };
        var outputFile = new Option<FileInfo?>("--output", "-o")
        {
            Description = "Write the report to a file instead of standard output.",
            HelpName = "FILE",
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a violation of this severity or higher is found: critical, high (default), medium, low, or none (never).",
            DefaultValueFactory = _ => "high",
            HelpName = "SEVERITY",
        };
        var baseline = new Option<FileInfo?>("--baseline")
        {
            Description = "A baseline file: findings it lists are suppressed (until their expiry date); new ones still count.",
            HelpName = "FILE",
        };
        var createBaseline = new Option<bool>("--create-baseline")
        {
            Description = "Write every current violation to the --baseline file (default demarc.baseline.yaml), then report with it applied.",
        };
        var attest = new Option<FileInfo[]>("--attest")
        {
            Description = "An attestation file (repeatable), in addition to the demarc.attest.yaml files found beside the templates.",
            HelpName = "FILE",
        };
        var varFile = new Option<FileInfo[]>("--var-file")
        {
            Description = "A Terraform variable file (.tfvars or .tfvars.json) for the root modules scanned (repeatable; read after terraform.tfvars and *.auto.tfvars). --parameter NAME=VALUE sets a Terraform variable like -var.",
            HelpName = "FILE",
        };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "Judge review-by and expiry dates (and runtime end of life) as of this date, yyyy-mm-dd (default: today, UTC).",
            HelpName = "DATE",
        };
        var command = new Command("scan", """
            Scan CloudFormation and SAM templates, Terraform configurations (a directory of .tf files is one module)
            and Terraform plans (terraform show -json): every resource mapped to its service (and variant), the
            services' models, the responsibility matrix of the services found, resource types Demarc cannot
            classify, and every file that could not be read, with file, line and column.

            Parameters take their defaults unless overridden; values known only at deployment (a parameter
            without default, an import, a condition on them) are reported as unknown with the reason, never as safe.
            Files that are not templates (package.json, buildspecs, other YAML/JSON) are skipped (--verbose lists them).

            Examples:
              demarc scan infra/                               # every template under infra/, recursively
              demarc scan stack.yaml -p Env=prod -p AWS::Region=eu-west-1
              demarc scan stack.yaml --parameters params/prod.json
              demarc scan cdk.out/ --format json -o scan.json
              cat template.json | demarc scan -
              terraform show -json plan.out > plan.json && demarc scan plan.json
              demarc scan infra/terraform/ -p env=prod --var-file prod.tfvars   # .tf files, no plan, no credentials

            Every customer or shared cell of a service found becomes an obligation per resource, with a status:
            met (a check passed), violated (a check failed), attested (demarc.attest.yaml says who handles it),
            aws-default (AWS covers it by default), open, suppressed (a waiver with a reason), n/a.

            More examples:
              demarc scan samples/                             # the README's quick start
              demarc scan stack.yaml --format html -o report.html
              demarc scan . --format sarif -o demarc.sarif --fail-on high     # in CI
              demarc scan infra/ --baseline demarc.baseline.yaml --create-baseline
              demarc scan infra/ --attest compliance/attestations.yaml --format csv > matrix.csv

            Exit codes: 0 no violation at or above --fail-on (default high; 'none' never fails);
            1 violations at or above --fail-on; 2 an input (template, attestation or baseline file) could not
            be read or parsed, or bad arguments: the rest was still scanned and reported. 2 wins over 1.
            """)
        {
            paths,
            parameter,
            parametersFile,
            verbose,
            maxFileSize,
            outputFile,
            failOn,
            baseline,
            createBaseline,
            attest,
            varFile,
            asOf,
        };
        command.SetAction(parse =>
        {
            PhaseTimer.Mark(Console.Error, "start-up");
            // The checks load (about 150 ms on a cold process, most of it JIT) while the catalog loads and the first
            // inputs are read and evaluated; the first file's checks wait for them.
            var registryLoad = Task.Run(() => TerraformChecks.Registry);
            var context = CommandContext.Create(parse, options, terminal);
            PhaseTimer.Mark(Console.Error, "catalog");
            if (context is null)
            {
                return ExitCodes.InputError;
            }

            var error = context.Error;
            var overrides = ReadOverrides(parse.GetValue(parametersFile) ?? [], parse.GetValue(parameter) ?? [], error);
            if (overrides is null)
            {
                return ExitCodes.InputError;
            }

            var megabytes = parse.GetValue(maxFileSize);
            if (megabytes < 1)
            {
                error.WriteLine("demarc: --max-file-size must be at least 1 (MB)");
                return ExitCodes.InputError;
            }

            var scanOptions = new ScanOptions
            {
                Parameters = overrides,
                Limits = ParseLimits.Default with { MaxBytes = megabytes * 1024L * 1024L },
            };
            var terraform = new TerraformOptions { VarFiles = [.. (parse.GetValue(varFile) ?? []).Select(f => f.FullName)] };
            var scanner = new CombinedScanner(context.Catalog, scanOptions, terraform);
            var given = parse.GetValue(paths)!;
            var discovery = Discover(given, scanOptions, error);
            if (discovery is null)
            {
                return ExitCodes.InputError;
            }

            var failText = parse.GetValue(failOn) ?? "high";
            Severity? threshold = null;
            if (!string.Equals(failText, "none", StringComparison.OrdinalIgnoreCase))
            {
                if (!CheckNames.TryParseSeverity(failText, out var severity))
                {
                    error.WriteLine($"demarc: --fail-on '{failText}' must be critical, high, medium, low or none");
                    return ExitCodes.InputError;
                }

                threshold = severity;
            }

            var today = Assessor.Today(Clock);
            if (parse.GetValue(asOf) is { } asOfText
                && !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out today))
            {
                error.WriteLine($"demarc: --as-of '{asOfText}' must be a date, yyyy-mm-dd");
                return ExitCodes.InputError;
            }

            PhaseTimer.Mark(error, "arguments");
            var assessor = new Lazy<Assessor>(() => new Assessor(context.Catalog, registryLoad.GetAwaiter().GetResult()), LazyThreadSafetyMode.ExecutionAndPublication);
            var files = Run(scanner, discovery.Inputs, scan => assessor.Value.Analyze(scan, today), terminal);
            var registry = assessor.Value.Registry;
            PhaseTimer.Mark(error, "scan+analyze");

            // Attestations: the files found beside the templates (scoped to their directory), then --attest (everywhere).
            var inputDiagnostics = new List<ScanDiagnostic>();
            var attestations = new List<Attestation>();
            var roots = given.Where(g => g != "-").Select(g => Directory.Exists(g) ? g : Path.GetDirectoryName(Path.GetFullPath(g))!).ToList();
            var templatePaths = files.Where(f => f.File.Kind == FileKind.Template && f.Path is not null).Select(f => f.Path!).ToList();
            foreach (var file in AttestationDiscovery.Find(templatePaths, roots))
            {
                attestations.AddRange(ReadAttestations(Path.GetRelativePath(Directory.GetCurrentDirectory(), file), file, Path.GetDirectoryName(file), context.Catalog, inputDiagnostics));
            }

            foreach (var file in parse.GetValue(attest) ?? [])
            {
                attestations.AddRange(ReadAttestations(file.ToString(), file.FullName, null, context.Catalog, inputDiagnostics));
            }

            var baselineFile = parse.GetValue(baseline);
            var baselineEntries = new List<BaselineEntry>();
            if (baselineFile is not null && !parse.GetValue(createBaseline))
            {
                if (!baselineFile.Exists)
                {
                    inputDiagnostics.Add(new ScanDiagnostic(new SourceLocation(baselineFile.ToString(), 0, 0), DiagnosticSeverity.Error, BaselineFile.Rule, "the baseline file does not exist (create it with --create-baseline)"));
                }
                else
                {
                    baselineEntries.AddRange(BaselineFile.Read(baselineFile.ToString(), File.ReadAllText(baselineFile.FullName), inputDiagnostics));
                }
            }

            var assessment = assessor.Value.Assess(files, discovery.Errors, attestations, baselineEntries, inputDiagnostics, today);
            PhaseTimer.Mark(error, "assess");
            if (parse.GetValue(createBaseline))
            {
                var target = baselineFile ?? new FileInfo("demarc.baseline.yaml");
                var violations = assessment.Violations.ToList();
                File.WriteAllText(target.FullName, BaselineFile.Write(violations, today));
                error.WriteLine($"demarc: wrote {violations.Count} finding(s) to the baseline {target}");
                var written = BaselineFile.Read(target.ToString(), File.ReadAllText(target.FullName), inputDiagnostics);
                assessment = assessor.Value.Assess(files, discovery.Errors, attestations, written, inputDiagnostics, today);
            }

            var report = new ScanReport(assessment, context.Catalog, registry, Version, threshold);
            PhaseTimer.Mark(error, "report");
            var isVerbose = parse.GetValue(verbose);
            var outputTarget = parse.GetValue(outputFile);
            try
            {
                WriteReport(context, report, outputTarget, isVerbose);
            }
            catch (Exception ex) when (outputTarget is not null && ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"demarc: cannot write the report to '{outputTarget}': {ex.Message}");
                return ExitCodes.InputError;
            }

            PhaseTimer.Mark(error, "write");

            var architecture = assessment.Architecture;
            if (!architecture.Templates.Any())
            {
                error.WriteLine($"demarc: no CloudFormation or SAM template, Terraform plan or Terraform module found in {string.Join(", ", given)} ({discovery.Inputs.Count} input(s) looked at; --verbose lists them)");
            }

            if (assessment.HasInputErrors)
            {
                var failed = architecture.Files.Count(f => f.HasErrors) + architecture.InputErrors.Count + assessment.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
                error.WriteLine($"demarc: {failed} input(s) could not be read or parsed completely; the rest was scanned (see Problems)");
                return ExitCodes.InputError;
            }

            if (report.FailingViolations > 0)
            {
                error.WriteLine($"demarc: {report.FailingViolations} violation(s) at or above {threshold!.Value.Display()}");
                return ExitCodes.Findings;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // Writes the report in the chosen format to -o FILE or standard output.
    private static void WriteReport(CommandContext context, ScanReport report, FileInfo? outputTarget, bool isVerbose)
    {
        var architecture = report.Assessment.Architecture;
        if (context.Format == OutputFormat.Json && OpenBytes(outputTarget, context.Output) is { } bytes)
        {
            // JSON is produced as UTF-8: straight to the file or standard output, not decoded to text and back.
            using (bytes)
            {
                JsonReportWriter.Write(report, bytes, ScanContracts.Scan(context.Catalog, architecture, isVerbose));
            }
        }
        else
        {
            // Standard output flushes on every write: the report goes through a buffer (large scans write megabytes).
            TextWriter writer = outputTarget is null ? new BufferedTextWriter(context.Output) : new StreamWriter(outputTarget.FullName);
            try
            {
                var output = context.WithOutput(writer, outputTarget is null ? context.Terminal : CliTerminal.Piped);
                switch (context.Format)
                {
                    case OutputFormat.Json:
                        JsonReportWriter.Write(report, output.Output, ScanContracts.Scan(context.Catalog, architecture, isVerbose));
                        break;
                    case OutputFormat.Sarif:
                        SarifReportWriter.Write(report, output.Output);
                        break;
                    case OutputFormat.Junit:
                        JUnitReportWriter.Write(report, output.Output);
                        break;
                    case OutputFormat.Html:
                        HtmlReportWriter.Write(report, output.Output);
                        break;
                    case OutputFormat.Csv:
                        CsvReportWriter.Write(report, output.Output);
                        break;
                    default:
                        output.Write(ScanReportDocument.Render(report, Render(context.Catalog, architecture, isVerbose)), () => "");
                        break;
                }
            }
            finally
            {
                writer.Dispose();
            }
        }
    }

    // The byte stream a report may be written to directly: the -o file, or the process's standard output when that is
    // where the text would go (tests give a writer of their own, which keeps the text path).
    private static Stream? OpenBytes(FileInfo? target, TextWriter output)
    {
        if (target is not null)
        {
            return new FileStream(target.FullName, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        }

        return ReferenceEquals(output, Console.Out) ? Console.OpenStandardOutput() : null;
    }

    /// <summary>The version written into reports.</summary>
    internal static string Version { get; } =
        typeof(ScanCommand).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static IReadOnlyList<Attestation> ReadAttestations(string name, string path, string? scope, Catalog.ResponsibilityCatalog catalog, List<ScanDiagnostic> diagnostics)
    {
        try
        {
            return AttestationFile.Read(name, File.ReadAllText(path), scope, catalog, diagnostics);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new ScanDiagnostic(new SourceLocation(name, 0, 0), DiagnosticSeverity.Error, AttestationFile.Rule, $"cannot read the attestation file: {ex.Message}"));
            return [];
        }
    }

    private static Dictionary<string, string>? ReadOverrides(FileInfo[] files, string[] pairs, TextWriter error)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                foreach (var (key, value) in ParameterOverrides.ReadFile(File.ReadAllBytes(file.FullName)))
                {
                    overrides[key] = value;
                }
            }
            catch (ParseException ex)
            {
                error.WriteLine($"demarc: {file}:{ex.Position}: {ex.Message}");
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"demarc: cannot read parameters file '{file}': {ex.Message}");
                return null;
            }
        }

        foreach (var pair in pairs)
        {
            try
            {
                var (key, value) = ParameterOverrides.ParsePair(pair);
                overrides[key] = value;
            }
            catch (FormatException ex)
            {
                error.WriteLine($"demarc: --parameter {ex.Message} (expected Key=Value)");
                return null;
            }
        }

        return overrides;
    }

    private static InputDiscovery? Discover(string[] given, ScanOptions options, TextWriter error)
    {
        if (given.Contains("-"))
        {
            if (given.Length > 1)
            {
                error.WriteLine("demarc: '-' (standard input) cannot be combined with other paths");
                return null;
            }

            using var stdin = StandardInput();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stdin.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > options.Limits.MaxBytes)
                {
                    // Keep one byte over the limit so the reader reports the limit with its usual message.
                    break;
                }
            }

            return new InputDiscovery([ScanInput.Bytes("-", buffer.ToArray())], []);
        }

        return CombinedScanner.Discover(given);
    }

    // Scans in parallel; on a terminal, a progress bar on standard error once the work has taken more than a second.
    private static List<T> Run<T>(CombinedScanner scanner, IReadOnlyList<ScanInput> inputs, Func<FileScan, T> analyze, CliTerminal terminal)
    {
        var done = 0;
        var progress = new Progress(count => Volatile.Write(ref done, count));
        var work = Task.Run(() => scanner.Run(inputs, analyze, progress));
        var showProgress = terminal.IsInteractive && !Console.IsErrorRedirected && inputs.Count > 1;
        if (showProgress && !work.Wait(TimeSpan.FromSeconds(1)))
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
            console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("Scanning", maxValue: inputs.Count);
                    while (!work.Wait(TimeSpan.FromMilliseconds(100)))
                    {
                        task.Value = Volatile.Read(ref done);
                    }

                    task.Value = inputs.Count;
                });
        }

        return [.. work.GetAwaiter().GetResult()];
    }

    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    internal static Document Render(Catalog.ResponsibilityCatalog catalog, Architecture architecture, bool verbose)
    {
        var resources = architecture.Resources.ToList();
        var templates = architecture.Templates.Count();
        var skipped = architecture.Files.Where(f => f.Kind == FileKind.NotTemplate).ToList();
        var classified = resources.Count(r => r.Subject is not null);
        var blocks = new List<Block>
        {
            new Heading($"Architecture: {resources.Count} resources in {templates} input(s)", 1),
            new Fields(
            [
                new("Files", $"{architecture.Files.Count} read: {templates} scanned (templates, Terraform plans or modules), {skipped.Count} not templates (skipped), {architecture.Files.Count(f => f.Kind == FileKind.Unreadable)} unreadable"),
                new("Resources", $"{resources.Count}: {classified} mapped to {architecture.Services.Count} service(s) or variant(s), {resources.Count - classified} unclassified"),
                new("Generated", $"{resources.Count(r => r.Origin.Kind == ResourceOriginKind.SamImplicit)} implicit SAM resource(s), {resources.Count(r => r.Origin.Kind == ResourceOriginKind.ForEach)} from Fn::ForEach"),
            ]),
            new Heading("Services and models"),
            new Table(
                null,
                ["Service", "Name", "Model", "Resources"],
                [.. architecture.Services
                    .OrderBy(s => s.Model.Rank)
                    .Select(s => (IReadOnlyList<TableCell>)[s.Subject.Id, s.Subject.Name, s.Model.Name, s.Resources.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)])]),
            new Heading("Resources"),
            new Table(
                null,
                ["Location", "Resource", "Type", "Service", "Note"],
                [.. resources.Select(r => (IReadOnlyList<TableCell>)
                [
                    r.Location.ToString(),
                    r.LogicalId,
                    r.Type,
                    r.Subject?.Id ?? "(unclassified)",
                    Note(r),
                ])]),
        };

        if (architecture.Services.Count > 0)
        {
            var comparison = ResponsibilityViews.Compare(catalog, [.. architecture.Services.Select(s => s.Subject)]);
            var matrix = CompareCommand.RenderDomains(comparison);
            blocks.Add(new Heading("Responsibility matrix of the services found"));
            blocks.AddRange(matrix.Blocks.Where(b => b is Table or Paragraph));
        }

        blocks.Add(new Heading("Unclassified resource types"));
        blocks.Add(architecture.Unclassified.Count == 0
            ? new Paragraph("None: every resource type belongs to a catalog service.")
            : new Table(
                "Types no catalog service lists (their obligations are not assessed)",
                ["Type", "Resources", "First"],
                [.. architecture.Unclassified.Select(u => (IReadOnlyList<TableCell>)
                [
                    u.Type,
                    u.Resources.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    u.Resources[0].Location.ToString(),
                ])]));

        var problems = architecture.Diagnostics.Where(d => verbose || d.Severity != DiagnosticSeverity.Info).ToList();
        blocks.Add(new Heading("Problems"));
        blocks.Add(problems.Count == 0
            ? new Paragraph("None: every file was read.")
            : new Table(
                null,
                ["Location", "Severity", "Rule", "Problem"],
                [.. problems.Select(d => (IReadOnlyList<TableCell>)[d.Location.ToString(), d.Severity.ToString().ToLowerInvariant(), d.Rule, d.Message])]));

        if (verbose && skipped.Count > 0)
        {
            blocks.Add(new Heading("Skipped: not templates"));
            blocks.Add(new Bullets([.. skipped.Select(f => $"{f.Name}: {f.NotTemplateReason}")]));
        }

        // The matrix is what CSV writes: the responsibility matrix a compliance team pastes into a spreadsheet.
        return new Document(MarkPrimary(blocks));
    }

    private static string Note(ScannedResource resource)
    {
        var notes = new List<string>();
        if (resource.Status == VariantStatus.Unknown && resource.VariantReason is not null)
        {
            notes.Add(resource.VariantReason);
        }

        if (resource.Origin.Kind != ResourceOriginKind.Written)
        {
            notes.Add(resource.Origin.Note ?? $"generated from {resource.Origin.From}");
        }

        if (resource.Exists == TruthState.False)
        {
            notes.Add("not created: its condition is false");
        }
        else if (resource.Exists == TruthState.Unknown)
        {
            notes.Add($"created only if its condition holds ({resource.ExistsReason})");
        }

        return string.Join("; ", notes);
    }

    private static List<Block> MarkPrimary(List<Block> blocks)
    {
        var matrix = blocks.OfType<Table>().FirstOrDefault(t => t.IsPrimary);
        if (matrix is not null)
        {
            return blocks;
        }

        // Without services, the resource list is the main table.
        var index = blocks.FindIndex(b => b is Table { Columns: ["Location", "Resource", ..] });
        if (index >= 0)
        {
            blocks[index] = ((Table)blocks[index]) with { IsPrimary = true };
        }

        return blocks;
    }
}

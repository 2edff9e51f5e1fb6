using BenchmarkDotNet.Running;
using Demarc.Benchmarks;

// dotnet run -c Release --project bench/Demarc.Benchmarks -- --filter '*'         all benchmarks
// dotnet run -c Release --project bench/Demarc.Benchmarks -- generate FILE [yaml]  write the 10,000-resource template
// dotnet run -c Release --project bench/Demarc.Benchmarks -- generate-plan FILE [N] write a Terraform plan of N (10,000) resources
// dotnet run -c Release --project bench/Demarc.Benchmarks -- generate-module DIR [N] write a Terraform module (main.tf) of N (1,000) units
// dotnet run -c Release --project bench/Demarc.Benchmarks -- scan-phases FILE [runs] CPU time per phase of demarc scan, every format
// dotnet run -c Release --project bench/Demarc.Benchmarks -- plan-phases FILE [runs] CPU time and bytes per step of reading a plan
// dotnet run -c Release --project bench/Demarc.Benchmarks -- module-phases DIR [runs] CPU time and bytes per step of scanning a .tf module
// DEMARC_ALLOC_TYPES=tree|reader (plan-phases) or checks|assess (scan-phases): the types that step allocates
if (args.Length >= 2 && args[0] == "generate")
{
    var yaml = args.Length > 2 && args[2] == "yaml";
    File.WriteAllText(args[1], yaml ? GeneratedTemplate.Yaml() : GeneratedTemplate.Json());
    Console.WriteLine($"wrote {new FileInfo(args[1]).Length:N0} bytes to {args[1]}");
    return 0;
}

if (args.Length >= 2 && args[0] == "generate-plan")
{
    // The JSON of a Terraform plan (terraform show -json) with N resource changes (default 10,000).
    var resources = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    File.WriteAllText(args[1], TerraformWorkload.Plan(resources));
    Console.WriteLine($"wrote {new FileInfo(args[1]).Length:N0} bytes to {args[1]}");
    return 0;
}

if (args.Length >= 2 && args[0] == "generate-module")
{
    // The module TerraformBenchmarks.ScanModule reads: N units of an application stack in one main.tf (default 1,000).
    var units = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
    Directory.CreateDirectory(args[1]);
    var file = Path.Combine(args[1], "main.tf");
    File.WriteAllText(file, TerraformWorkload.Module(units));
    Console.WriteLine($"wrote {new FileInfo(file).Length:N0} bytes to {file}");
    return 0;
}

if (args.Length >= 2 && args[0] == "scan-phases")
{
    // CPU time of each phase of demarc scan (scan, checks, assess, report, each output format): see ScanPhases.
    return Demarc.Benchmarks.ScanPhases.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
}

if (args.Length >= 2 && args[0] == "check-costs")
{
    // Time and bytes allocated per check over every resource of one file: see CheckCosts.
    return Demarc.Benchmarks.CheckCosts.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
}

if (args.Length >= 2 && args[0] == "phases")
{
    // CPU time of each phase of one file's scan: the minimum over several runs (the first includes JIT), a steadier
    // measure than wall time on a shared machine. Not a substitute for the BenchmarkDotNet runs.
    var bytes = File.ReadAllBytes(args[1]);
    var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
    var mapper = new Demarc.Scanning.Mapping.ResourceMapper(Demarc.Catalog.ResponsibilityCatalog.Default);
    double bestRead = double.MaxValue, bestLoad = double.MaxValue, bestEval = double.MaxValue, bestMap = double.MaxValue;
    var count = 0;
    for (var run = 0; run < runs; run++)
    {
        GC.Collect();
        var clock = new CpuClock();
        var read = Demarc.Scanning.Templates.TemplateReader.Read(args[1], bytes, Demarc.Parsing.ParseLimits.Default, isExplicit: true);
        var tRead = clock.Elapsed.TotalMilliseconds;
        var template = Demarc.Scanning.Templates.TemplateLoader.Load(args[1], read.Format!.Value, read.Root!, Demarc.Scanning.ScanOptions.Default, read.Diagnostics);
        var tLoad = clock.Elapsed.TotalMilliseconds;
        var evaluated = Demarc.Scanning.Evaluation.TemplateEvaluator.Evaluate(template);
        var tEval = clock.Elapsed.TotalMilliseconds;
        count = evaluated.Resources.Select(mapper.Map).Count();
        var tMap = clock.Elapsed.TotalMilliseconds;
        (bestRead, bestLoad, bestEval, bestMap) = (Math.Min(bestRead, tRead), Math.Min(bestLoad, tLoad - tRead), Math.Min(bestEval, tEval - tLoad), Math.Min(bestMap, tMap - tEval));
    }

    Console.WriteLine($"{args[1]}: {bytes.Length / 1e6:0.00} MB, {count} resources; best CPU time of {runs} runs: read {bestRead:0.0} ms ({bytes.Length / 1e3 / bestRead:0.0} MB/s), load {bestLoad:0.0} ms, evaluate {bestEval:0.0} ms, map {bestMap:0.0} ms");
    return 0;
}

if (args.Length >= 2 && args[0] == "plan-phases")
{
    // CPU time and bytes per phase of reading one Terraform plan: JSON tree, plan reader (merge of unknowns), link and
    // build. Best of several runs (the first includes JIT); bytes from the last run.
    var bytes = File.ReadAllBytes(args[1]);
    var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
    double bestTree = double.MaxValue, bestRead = double.MaxValue, bestBuild = double.MaxValue;
    long aTree = 0, aRead = 0, aBuild = 0;
    var count = 0;
    var profiled = Environment.GetEnvironmentVariable("DEMARC_ALLOC_TYPES");
    using var allocations = profiled is "tree" or "reader" ? new AllocationTypes() : null;
    for (var run = 0; run < runs; run++)
    {
        GC.Collect();
        var clock = new CpuClock();
        var a0 = GC.GetAllocatedBytesForCurrentThread();
        if (run == runs - 1 && profiled == "tree")
        {
            allocations?.Start();
        }

        var json = Demarc.Parsing.JsonTreeReader.Read(bytes, Demarc.Parsing.ParseLimits.Default);
        var tTree = clock.Elapsed.TotalMilliseconds;
        var a1 = GC.GetAllocatedBytesForCurrentThread();
        allocations?.Stop();
        if (run == runs - 1 && profiled == "reader")
        {
            allocations?.Start();
        }

        var evaluation = Demarc.Scanning.Terraform.TerraformPlanReader.Read(args[1], (Demarc.Parsing.MappingNode)json.Document);
        var tRead = clock.Elapsed.TotalMilliseconds;
        var a2 = GC.GetAllocatedBytesForCurrentThread();
        allocations?.Stop();
        var built = Demarc.Scanning.Terraform.TerraformScanner.Build(evaluation, args[1], Demarc.Scanning.Templates.TemplateFormat.TerraformPlan);
        var tBuild = clock.Elapsed.TotalMilliseconds;
        var a3 = GC.GetAllocatedBytesForCurrentThread();
        count = built.Resources.Count;
        (bestTree, bestRead, bestBuild) = (Math.Min(bestTree, tTree), Math.Min(bestRead, tRead - tTree), Math.Min(bestBuild, tBuild - tRead));
        (aTree, aRead, aBuild) = (a1 - a0, a2 - a1, a3 - a2);
    }

    Console.WriteLine($"{args[1]}: {bytes.Length / 1e6:0.00} MB, {count} resources; best CPU time of {runs} runs, MB allocated:");
    Console.WriteLine($"  JSON tree   {bestTree,7:0.0} ms  {aTree / 1e6,6:0.0} MB");
    Console.WriteLine($"  plan reader {bestRead,7:0.0} ms  {aRead / 1e6,6:0.0} MB");
    Console.WriteLine($"  link, build {bestBuild,7:0.0} ms  {aBuild / 1e6,6:0.0} MB");
    Console.WriteLine($"  together    {bestTree + bestRead + bestBuild,7:0.0} ms = {bytes.Length / 1e3 / (bestTree + bestRead + bestBuild):0.0} MB/s");
    allocations?.Print(25);
    return 0;
}

if (args.Length >= 2 && args[0] == "module-phases")
{
    // CPU time and bytes per step of scanning one .tf module directory, then the whole scan's wall time: see ModulePhases.
    return Demarc.Benchmarks.ModulePhases.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
}

if (args.Length >= 2 && args[0] == "closure-types")
{
    // Which method a compiler-generated closure type (as allocation samples name it: <>c__DisplayClass4_0) belongs to.
    foreach (var type in typeof(Demarc.Scanning.Terraform.TerraformScanner).Assembly.GetTypes().Where(t => t.Name == args[1]))
    {
        Console.WriteLine($"{type.DeclaringType?.FullName}: {string.Join(", ", type.GetFields().Select(f => f.Name))}");
    }

    return 0;
}

if (args.Length >= 2 && args[0] == "cold-load")
{
    // One cold catalog load in a fresh process, JIT included: `cold-load snapshot` reads the embedded snapshot as
    // ResponsibilityCatalog.Default does, `cold-load yaml` parses and validates the embedded YAML as overlays and
    // `catalog validate` do. Then the resolvers and one `who`, and one `ask`, still cold. Run it in a loop (wall
    // clock of one process; DOTNET_TieredPGO=0 matches the CLI's runtime settings).
    var mainAt = DateTime.UtcNow;
    var startedAt = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var catalog = args[1] == "yaml"
        ? Demarc.Catalog.CatalogLoader.Load(Demarc.Catalog.ResponsibilityCatalog.BuiltInFiles()).Catalog!
        : Demarc.Catalog.ResponsibilityCatalog.FromEmbeddedSnapshot() ?? throw new InvalidOperationException("the embedded snapshot was refused");
    var tLoad = clock.Elapsed.TotalMilliseconds;
    var services = new Demarc.Resolution.ServiceResolver(catalog);
    var domains = new Demarc.Resolution.DomainResolver(catalog);
    var tResolvers = clock.Elapsed.TotalMilliseconds;
    var who = Demarc.Views.ResponsibilityViews.Who(catalog, services.Resolve("rds").Subject!, domains.Resolve("patch the operating system").Domain!);
    var tWho = clock.Elapsed.TotalMilliseconds;
    var answer = new Demarc.Asking.Asker(catalog).Answer(Demarc.Asking.AskQuestion.Of("who patches the OS on RDS?"));
    var tAsk = clock.Elapsed.TotalMilliseconds;
    GC.KeepAlive(who);
    GC.KeepAlive(answer);
    if (args.Length > 2)
    {
        // Again, split into steps (now partly warm): what each step of the chosen path costs.
        clock.Restart();
        var yamlBytes = Demarc.Catalog.ResponsibilityCatalog.BuiltInYaml().ToList();
        var hashOf = Demarc.Catalog.CatalogSnapshot.HashOf(yamlBytes);
        var s1 = clock.Elapsed.TotalMilliseconds;
        using var stream = typeof(Demarc.Catalog.ResponsibilityCatalog).Assembly.GetManifestResourceStream(Demarc.Catalog.CatalogSnapshot.ResourceName)!;
        var snapshotBytes = new byte[stream.Length];
        stream.ReadExactly(snapshotBytes);
        var data = Demarc.Catalog.CatalogSnapshot.TryRead(snapshotBytes, hashOf)!;
        var s2 = clock.Elapsed.TotalMilliseconds;
        var files = yamlBytes.Select(f => Demarc.Catalog.CatalogSnapshot.Decode(f.Name, f.Bytes)).ToList();
        var s3 = clock.Elapsed.TotalMilliseconds;
        foreach (var file in files)
        {
            Demarc.Parsing.YamlTreeReader.Read(file.Text);
        }

        var s4 = clock.Elapsed.TotalMilliseconds;
        Demarc.Catalog.CatalogLoader.Load(files);
        var s5 = clock.Elapsed.TotalMilliseconds;
        Demarc.Catalog.CatalogSnapshot.TryRead(snapshotBytes, hashOf);
        var s6 = clock.Elapsed.TotalMilliseconds;
        double bestTrees = double.MaxValue, bestLoad = double.MaxValue, bestSnapshot = double.MaxValue;
        for (var i = 0; i < 40; i++)
        {
            clock.Restart();
            foreach (var file in files)
            {
                Demarc.Parsing.YamlTreeReader.Read(file.Text);
            }

            bestTrees = Math.Min(bestTrees, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            Demarc.Catalog.CatalogLoader.Load(files);
            bestLoad = Math.Min(bestLoad, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            Demarc.Catalog.CatalogSnapshot.TryRead(snapshotBytes, hashOf);
            bestSnapshot = Math.Min(bestSnapshot, clock.Elapsed.TotalMilliseconds);
            Thread.Sleep(20);
        }

        Console.WriteLine(System.FormattableString.Invariant($"  warm, best of 40: YAML trees {bestTrees:0.0}, YAML load {bestLoad:0.0}, snapshot {bestSnapshot:0.0} ms"));
        Console.WriteLine(System.FormattableString.Invariant(
            $"  steps: YAML bytes + hash {s1:0.0}, snapshot read {s2 - s1:0.0}, decode {s3 - s2:0.0}, YAML trees {s4 - s3:0.0}, load (trees + build + validate) {s5 - s4:0.0}, snapshot again {s6 - s5:0.0} ms ({hashOf[..8]}, {data.Services.Count} services)"));
    }

    Console.WriteLine(System.FormattableString.Invariant(
        $"{args[1],-8} start->Main {(mainAt - startedAt).TotalMilliseconds,4:0} ms | catalog {tLoad,6:0.0} | resolvers {tResolvers - tLoad,5:0.0} | who {tWho - tResolvers,5:0.0} | ask (reader + answer) {tAsk - tWho,6:0.0} ms | CPU {System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:0} ms"));
    return 0;
}

if (args.Length >= 1 && args[0] == "corpus-cpu")
{
    // CPU time (best of several runs) to read the corpus templates of each format, against YamlDotNet's parser alone.
    foreach (var format in new[] { Demarc.Scanning.Templates.TemplateFormat.Json, Demarc.Scanning.Templates.TemplateFormat.Yaml })
    {
        var files = Corpus.Templates(format);
        var texts = files.Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).ToList();
        var megabytes = files.Sum(f => f.Bytes.Length) / 1e6;
        double bestRead = double.MaxValue, bestScan = double.MaxValue, bestEvents = double.MaxValue;
        var scanner = new Demarc.Scanning.TemplateScanner(Demarc.Catalog.ResponsibilityCatalog.Default);
        for (var run = 0; run < 15; run++)
        {
            var clock = new CpuClock();
            foreach (var (name, bytes) in files)
            {
                Demarc.Scanning.Templates.TemplateReader.Read(name, bytes, Demarc.Parsing.ParseLimits.Default, isExplicit: true);
            }

            bestRead = Math.Min(bestRead, clock.Elapsed.TotalMilliseconds);
            clock = new CpuClock();
            foreach (var (name, bytes) in files)
            {
                scanner.Scan(Demarc.Scanning.ScanInput.Bytes(name, bytes), bytes);
            }

            bestScan = Math.Min(bestScan, clock.Elapsed.TotalMilliseconds);
            if (format == Demarc.Scanning.Templates.TemplateFormat.Yaml)
            {
                clock = new CpuClock();
                foreach (var text in texts)
                {
                    var parser = new YamlDotNet.Core.Parser(new YamlDotNet.Core.Scanner(new StringReader(text), skipComments: true));
                    while (parser.MoveNext())
                    {
                    }
                }

                bestEvents = Math.Min(bestEvents, clock.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"{format}: {files.Count} templates, {megabytes:0.00} MB; best CPU time of 15: read {bestRead:0.0} ms ({megabytes * 1e3 / bestRead:0.0} MB/s), whole scan {bestScan:0.0} ms ({megabytes * 1e3 / bestScan:0.0} MB/s)"
            + (format == Demarc.Scanning.Templates.TemplateFormat.Yaml ? $"; YamlDotNet parser alone {bestEvents:0.0} ms ({megabytes * 1e3 / bestEvents:0.0} MB/s)" : ""));
    }

    return 0;
}

if (args.Length >= 2 && args[0] == "yaml-events")
{
    // How long YamlDotNet's event parser alone takes on a file (the floor for the YAML reader).
    var text = File.ReadAllText(args[1]);
    var best = double.MaxValue;
    for (var run = 0; run < 5; run++)
    {
        var clock = new CpuClock();
        var parser = new YamlDotNet.Core.Parser(new YamlDotNet.Core.Scanner(new StringReader(text), skipComments: true));
        var events = 0;
        while (parser.MoveNext())
        {
            events++;
        }

        best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"YamlDotNet events only: {best:0.0} ms ({text.Length / 1e3 / best:0.0} M chars/s)");
    var bestKept = double.MaxValue;
    for (var run = 0; run < 5; run++)
    {
        var clock = new CpuClock();
        var parser = new YamlDotNet.Core.Parser(new YamlDotNet.Core.Scanner(new StringReader(text), skipComments: true));
        var kept = new List<YamlDotNet.Core.Events.ParsingEvent>();
        while (parser.MoveNext())
        {
            kept.Add(parser.Current!);
        }

        bestKept = Math.Min(bestKept, clock.Elapsed.TotalMilliseconds);
        GC.KeepAlive(kept);
    }

    Console.WriteLine($"YamlDotNet events, all kept alive: {bestKept:0.0} ms");
    double bestTree = double.MaxValue, bestNormal = double.MaxValue;
    for (var run = 0; run < 5; run++)
    {
        var clock = new CpuClock();
        var tree = Demarc.Parsing.YamlTreeReader.Read(text).Documents[0];
        var tTree = clock.Elapsed.TotalMilliseconds;
        Demarc.Scanning.Templates.ShortForms.Normalize(tree);
        bestTree = Math.Min(bestTree, tTree);
        bestNormal = Math.Min(bestNormal, clock.Elapsed.TotalMilliseconds - tTree);
    }

    Console.WriteLine($"YamlTreeReader: {bestTree:0.0} ms; ShortForms.Normalize: {bestNormal:0.0} ms; GCs so far: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(CorpusBenchmarks).Assembly).Run(args);
return 0;

/// <summary>The process's CPU time (user + system), a steadier measure than wall time on a shared machine.</summary>
internal sealed class CpuClock
{
    private readonly TimeSpan _start = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    public TimeSpan Elapsed => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _start;
}

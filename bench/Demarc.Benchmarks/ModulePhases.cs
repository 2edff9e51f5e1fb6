using System.Diagnostics;
using System.Globalization;
using Demarc.Catalog;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Terraform;

namespace Demarc.Benchmarks;

/// <summary>
/// <c>module-phases DIR [runs]</c>: where the time of scanning a <c>.tf</c> module directory goes. First the CPU time
/// (best of the runs, the first includes JIT) and the bytes of each step: load (read and parse every file), evaluate,
/// link and build, map. Then the whole scan as <see cref="TerraformBenchmarks.ScanModule"/> runs it, wall clock,
/// median of the runs, collections included. <c>DEMARC_VERBOSE=1</c> adds each run's collections and what survives
/// each step. Each part runs in its own method so nothing of one part stays reachable during the next.
/// </summary>
internal static class ModulePhases
{
    private static readonly string[] Names = ["load, parse", "evaluate", "link, build", "map"];

    public static int Run(string directory, int runs)
    {
        // The variables TerraformBenchmarks gives, so both measure the same evaluation.
        var scanner = new TerraformScanner(ResponsibilityCatalog.Default, ScanOptions.Default, new TerraformOptions { Variables = new Dictionary<string, string> { ["kms"] = "true" } });
        var size = Directory.EnumerateFiles(directory, "*.tf").Sum(f => new FileInfo(f).Length);
        var verbose = Environment.GetEnvironmentVariable("DEMARC_VERBOSE") is not null;
        Steps(scanner, directory, size, runs);
        if (verbose)
        {
            Survivors(scanner, directory);
        }

        var ballast = Environment.GetEnvironmentVariable("DEMARC_BALLAST") is not null ? System.Text.Encoding.UTF8.GetBytes(TerraformWorkload.Plan(10_000)) : null;
        WholeScan(scanner, directory, size, runs, verbose);
        GC.KeepAlive(ballast);
        return 0;
    }

    private static void Steps(TerraformScanner scanner, string directory, long size, int runs)
    {
        var best = new[] { double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue };
        var allocated = new long[4];
        var count = 0;
        // DEMARC_ALLOC_TYPES=load|evaluate|build: the types that step allocates, sampled in the last run (=scan: every
        // whole scan).
        var profiled = Array.IndexOf(["load", "evaluate", "build"], Environment.GetEnvironmentVariable("DEMARC_ALLOC_TYPES"));
        using var allocations = profiled >= 0 ? new AllocationTypes() : null;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var marks = new double[5];
            var bytesAt = new long[5];
            var clock = new CpuClock();
            bytesAt[0] = GC.GetAllocatedBytesForCurrentThread();
            var profile = run == runs - 1 ? allocations : null;
            Profile(profile, profiled == 0);
            var module = TerraformModuleLoader.Load(directory, "bench", ParseLimits.Default);
            (marks[1], bytesAt[1]) = (clock.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread());
            Profile(profile, profiled == 1);
            var evaluation = TerraformEvaluator.Evaluate(module, scanner.Terraform, ParseLimits.Default);
            (marks[2], bytesAt[2]) = (clock.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread());
            Profile(profile, profiled == 2);
            var built = TerraformScanner.Build(evaluation, "bench");
            (marks[3], bytesAt[3]) = (clock.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread());
            Profile(profile, false);
            count = built.Resources.Select(scanner.Map).Count(m => m.Service is not null);
            (marks[4], bytesAt[4]) = (clock.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread());
            for (var i = 0; i < 4; i++)
            {
                best[i] = Math.Min(best[i], marks[i + 1] - marks[i]);
                allocated[i] = bytesAt[i + 1] - bytesAt[i];
            }
        }

        Console.WriteLine(Inv($"{directory}: {size / 1e6:0.00} MB of .tf, {count} mapped resources; best CPU time of {runs} runs, MB allocated:"));
        for (var i = 0; i < 4; i++)
        {
            Console.WriteLine(Inv($"  {Names[i],-12} {best[i],7:0.0} ms  {allocated[i] / 1e6,6:0.0} MB"));
        }

        Console.WriteLine(Inv($"  together     {best.Sum(),7:0.0} ms = {size / 1e3 / best.Sum():0.0} MB/s"));
        allocations?.Print(30);
    }

    private static void Profile(AllocationTypes? allocations, bool on)
    {
        if (on)
        {
            allocations?.Start();
        }
        else
        {
            allocations?.Stop();
        }
    }

    // What stays alive after each step: what a collection in the middle of a scan has to mark and copy.
    private static void Survivors(TerraformScanner scanner, string directory)
    {
        var baseline = GC.GetTotalMemory(true);
        var module = TerraformModuleLoader.Load(directory, "bench", ParseLimits.Default);
        var afterLoad = GC.GetTotalMemory(true);
        var evaluation = TerraformEvaluator.Evaluate(module, scanner.Terraform, ParseLimits.Default);
        var afterEvaluate = GC.GetTotalMemory(true);
        if (Environment.GetEnvironmentVariable("DEMARC_PAUSE") is { } seconds)
        {
            // Time to take a heap snapshot (dotnet-gcdump collect -p PID) while the module and its evaluation live.
            Console.WriteLine(Inv($"  process {Environment.ProcessId}: pausing {seconds} s"));
            Thread.Sleep(TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)));
        }

        GC.KeepAlive(module);
        GC.KeepAlive(evaluation);
        Console.WriteLine(Inv($"  live: module {(afterLoad - baseline) / 1e6:0.0} MB, evaluation {(afterEvaluate - afterLoad) / 1e6:0.0} MB"));
    }

    private static void WholeScan(TerraformScanner scanner, string directory, long size, int runs, bool verbose)
    {
        var walls = new List<double>();
        var collect = Environment.GetEnvironmentVariable("DEMARC_COLLECT") is not null;
        using var allocations = Environment.GetEnvironmentVariable("DEMARC_ALLOC_TYPES") == "scan" ? new AllocationTypes() : null;
        allocations?.Start();
        for (var run = 0; run < runs; run++)
        {
            if (collect)
            {
                GC.Collect();
            }

            var pause = GC.GetTotalPauseDuration();
            var collections = GC.CollectionCount(0);
            var cpu = new CpuClock();
            var watch = Stopwatch.StartNew();
            _ = scanner.Scan(ScanInput.File("bench", directory, true));
            walls.Add(watch.Elapsed.TotalMilliseconds);
            if (verbose)
            {
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                Console.WriteLine(Inv($"    run {run}: {watch.Elapsed.TotalMilliseconds:0.0} ms wall, {cpu.Elapsed.TotalMilliseconds:0.0} ms CPU, {GC.CollectionCount(0) - collections} collections, pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:0.0} ms; last: gen{info.Generation}, promoted {info.PromotedBytes / 1e6:0.0} MB, gen0 before {info.GenerationInfo[0].SizeBeforeBytes / 1e6:0.0} MB"));
            }
        }

        allocations?.Stop();
        allocations?.Print(40);
        walls.Sort();
        var median = walls[walls.Count / 2];
        Console.WriteLine(Inv($"  whole scan   {median,7:0.0} ms wall, median of {runs} = {size / 1e3 / median:0.0} MB/s"));
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;

namespace Demarc.Cli.Commands;

/// <summary>
/// With DEMARC_TIMINGS=1, writes to standard error how long each phase of a command took since the process
/// started: the numbers behind docs/performance.md, without a profiler.
/// </summary>
internal static class PhaseTimer
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("DEMARC_TIMINGS") == "1";
    private static long last;

    public static void Mark(TextWriter error, string phase)
    {
        if (!Enabled)
        {
            return;
        }

        var now = (long)(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        error.WriteLine(FormattableString.Invariant(
            $"demarc: timing {phase,-14} {now - last,6} ms (at {now} ms; GCs gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms; {GC.GetTotalAllocatedBytes() / 1048576} MB allocated; JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms)"));
        last = now;
    }
}

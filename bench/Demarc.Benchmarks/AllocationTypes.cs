using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Demarc.Benchmarks;

/// <summary>
/// Which types a piece of work allocates, sampled by the runtime's own allocation ticks (one event per about 100 KB
/// allocated, naming the type of the object that crossed the mark): a cheap, in-process allocation profile.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _on;

    public void Start() => _on = true;

    public void Stop() => _on = false;

    public void Print(int top)
    {
        var total = _bytes.Values.Sum();
        Console.WriteLine($"sampled {total / 1e6:0.0} MB");
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine($"  {bytes / 1e6,7:0.0} MB  {100.0 * bytes / total,5:0.0} %  {type}");
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_on || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        var type = eventData.Payload[names.IndexOf("TypeName")] as string ?? "?";
        if (names.IndexOf("AllocationKind") is var kind and >= 0 && Convert.ToInt32(eventData.Payload[kind], System.Globalization.CultureInfo.InvariantCulture) == 1)
        {
            // Large objects count toward the large object heap's budget, whose exhaustion starts a full collection.
            type = "(large object heap) " + type;
        }

        var amount = Convert.ToInt64(eventData.Payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, old) => old + amount);
    }
}

using Demarc.Storage.Scans;

namespace Demarc.Storage.Tests.Scans;

/// <summary>What every <see cref="IScanStore"/> must do, written once and run against each database for real.</summary>
public abstract class ScanStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, 456, TimeSpan.Zero);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>Opens a new, independent handle (its own connections) on the test's database.</summary>
    protected abstract Task<IScanStore> OpenStoreAsync();

    private static SavedScan Scan(string id, int violations = 2, DateTimeOffset? at = null) =>
        new(id, at ?? Start, $"scan {id}", [$"{id}/template.yaml", "stack.json"], 7, violations, 0, $"5 met, {violations} violated");

    private static Dictionary<string, string> Documents(string id) => new()
    {
        ["json"] = $"{{\"id\":\"{id}\",\"text\":\"<script>é</script>\"}}",
        ["sarif"] = $"{{\"runs\":[\"{id}\"]}}",
        ["csv"] = "a,b\n1,2\n",
        ["html"] = $"<html><body>{id}</body></html>",
    };

    [Fact]
    public async Task Save_ThenFind_RoundTripsEveryField()
    {
        var store = await OpenStoreAsync();
        var scan = Scan("abc") with { CreatedAt = Start + TimeSpan.FromTicks(777) };

        await store.SaveAsync(scan, Documents("abc"));

        var found = await (await OpenStoreAsync()).FindAsync("abc");
        Assert.Equal(scan with { CreatedAt = Start }, found);
        Assert.Equal(["csv", "html", "json", "sarif"], await store.FormatsAsync("abc"));
        foreach (var (format, content) in Documents("abc"))
        {
            Assert.Equal(content, await store.DocumentAsync("abc", format));
        }
    }

    [Fact]
    public async Task Find_UnknownOrInvalidId_IsNull()
    {
        var store = await OpenStoreAsync();

        Assert.Null(await store.FindAsync("nope"));
        Assert.Null(await store.FindAsync("'; DROP TABLE scan; --"));
        Assert.Null(await store.DocumentAsync("nope", "json"));
        Assert.Empty(await store.FormatsAsync("nope"));
    }

    [Fact]
    public async Task Save_SameIdTwice_IsRefusedAndKeepsTheFirst()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(Scan("dup", 1), Documents("dup"));

        await Assert.ThrowsAsync<StorageException>(() => store.SaveAsync(Scan("dup", 9), new Dictionary<string, string> { ["json"] = "{}" }));

        Assert.Equal(1, (await store.FindAsync("dup"))!.Violations);
        Assert.Equal(Documents("dup")["json"], await store.DocumentAsync("dup", "json"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public async Task Save_InvalidId_IsRefused(string id)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(Scan("x") with { Id = id }, Documents("x")));
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task List_IsNewestFirstWithLimitAndOffset()
    {
        var store = await OpenStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.SaveAsync(Scan($"s{i}", at: Start + TimeSpan.FromMinutes(i)), Documents($"s{i}"));
        }

        Assert.Equal(["s4", "s3", "s2", "s1", "s0"], (await store.ListAsync()).Select(s => s.Id));
        Assert.Equal(["s3", "s2"], (await store.ListAsync(2, 1)).Select(s => s.Id));
        Assert.Equal(5, await store.CountAsync());
    }

    [Fact]
    public async Task Delete_RemovesTheScanAndItsDocumentsOnly()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(Scan("keep"), Documents("keep"));
        await store.SaveAsync(Scan("drop"), Documents("drop"));

        Assert.True(await store.DeleteAsync("drop"));
        Assert.False(await store.DeleteAsync("drop"));

        Assert.Null(await store.FindAsync("drop"));
        Assert.Null(await store.DocumentAsync("drop", "html"));
        Assert.Empty(await store.FormatsAsync("drop"));
        Assert.Equal(["keep"], (await store.ListAsync()).Select(s => s.Id));
        Assert.Equal(4, (await store.FormatsAsync("keep")).Count);
    }

    [Fact]
    public async Task SaveWhileReading_ConcurrentWritersAndReaders_LoseNothingAndSeeWholeScans()
    {
        const int writers = 6;
        const int scansEach = 15;
        var stores = await Task.WhenAll(Enumerable.Range(0, writers + 2).Select(_ => OpenStoreAsync()));
        using var done = new CancellationTokenSource();

        var readers = stores.Skip(writers).Select(store => Task.Run(async () =>
        {
            var reads = 0;
            while (!done.IsCancellationRequested)
            {
                foreach (var scan in await store.ListAsync(20))
                {
                    // A scan that is listed has all of its documents: saving is one transaction.
                    Assert.Equal(4, (await store.FormatsAsync(scan.Id)).Count);
                    reads++;
                }
            }

            return reads;
        })).ToList();
        await Task.WhenAll(stores.Take(writers).Select((store, w) => Task.Run(async () =>
        {
            for (var i = 0; i < scansEach; i++)
            {
                await store.SaveAsync(Scan($"w{w}-{i}", i % 4), Documents($"w{w}-{i}"));
            }
        })));
        await done.CancelAsync();
        await Task.WhenAll(readers);

        var check = await OpenStoreAsync();
        var all = await check.ListAsync(1000);
        Assert.Equal(writers * scansEach, all.Count);
        Assert.Equal(writers * scansEach, all.Select(s => s.Id).Distinct().Count());
        for (var w = 0; w < writers; w++)
        {
            // Each writer's scans are listed newest first, in the order that writer saved them.
            Assert.Equal(Enumerable.Range(0, scansEach).Reverse().Select(i => $"w{w}-{i}"), all.Where(s => s.Id.StartsWith($"w{w}-", StringComparison.Ordinal)).Select(s => s.Id));
            Assert.Equal(Documents($"w{w}-3")["json"], await check.DocumentAsync($"w{w}-3", "json"));
        }
    }
}

using Demarc.Storage.Scans;
using Demarc.Storage.Tests.Postgres;

namespace Demarc.Storage.Tests.Scans;

/// <summary>The scan-store contract on a real PostgreSQL server (a fresh schema per test).</summary>
public sealed class PostgresScanStoreTests : ScanStoreContract
{
    private readonly PostgresTestSchema _schema = new();

    public override Task InitializeAsync() => _schema.CreateAsync();

    public override Task DisposeAsync() => _schema.DropAsync();

    protected override async Task<IScanStore> OpenStoreAsync() => new SqlScanStore(await _schema.OpenAsync());
}

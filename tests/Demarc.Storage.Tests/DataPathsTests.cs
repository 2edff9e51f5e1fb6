namespace Demarc.Storage.Tests;

public class DataPathsTests
{
    [Fact]
    public void DefaultDatabase_AbsoluteXdgDataHome_IsUsed()
    {
        var path = DataPaths.DefaultDatabase(name => name == "XDG_DATA_HOME" ? "/data/me" : null, "/home/me");

        Assert.Equal("/data/me/demarc/demarc.db", path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/dir")]
    public void DefaultDatabase_XdgDataHomeUnsetOrRelative_FallsBackToLocalShare(string? xdg)
    {
        var path = DataPaths.DefaultDatabase(name => name == "XDG_DATA_HOME" ? xdg : null, "/home/me");

        Assert.Equal("/home/me/.local/share/demarc/demarc.db", path);
    }
}

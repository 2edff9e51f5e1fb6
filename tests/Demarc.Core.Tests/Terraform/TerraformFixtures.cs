namespace Demarc.Core.Tests.Terraform;

/// <summary>The Terraform fixtures of this repository (tests/Demarc.Core.Tests/Terraform/Fixtures), read in place.</summary>
internal static class TerraformFixtures
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "tests", "Demarc.Core.Tests", "Terraform", "Fixtures");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Demarc.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Demarc.slnx) was not found above " + AppContext.BaseDirectory);
    }
}

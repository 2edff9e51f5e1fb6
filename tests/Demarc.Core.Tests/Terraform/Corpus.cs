namespace Demarc.Core.Tests.Terraform;

/// <summary>
/// The shared corpus of real Terraform files (`../shared/corpus/` beside the repository, see the brief): found by
/// walking up from the test's directory, or named by DEMARC_CORPUS. A missing corpus fails the tests that need it.
/// </summary>
internal static class Corpus
{
    public static string Root
    {
        get
        {
            var named = Environment.GetEnvironmentVariable("DEMARC_CORPUS");
            if (!string.IsNullOrEmpty(named) && Directory.Exists(named))
            {
                return named;
            }

            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "corpus");
                if (Directory.Exists(Path.Combine(candidate, "terraform-json-testdata")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("the shared corpus (../shared/corpus with terraform-json-testdata) was not found; set DEMARC_CORPUS");
        }
    }

    public static string TerraformTestData => Path.Combine(Root, "terraform-json-testdata", "testdata");

    public static IReadOnlyList<string> TerraformFiles() =>
        [.. Directory.EnumerateFiles(Root, "*.tf", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> PlanFiles() =>
        [.. Directory.EnumerateFiles(TerraformTestData, "plan*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}

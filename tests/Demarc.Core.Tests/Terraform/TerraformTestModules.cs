using Demarc.Catalog;
using Demarc.Scanning;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

/// <summary>A Terraform configuration written to a temporary directory (real files, as users have them), deleted afterwards.</summary>
internal sealed class TempModule : IDisposable
{
    public TempModule(params (string Path, string Text)[] files)
    {
        Root = Path.Combine(Path.GetTempPath(), "demarc-tf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        foreach (var (path, text) in files)
        {
            Write(path, text);
        }
    }

    public string Root { get; }

    public void Write(string path, string text)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Evaluates the root module (or a directory below the root) as the scanner does; the files are named "infra/...".</summary>
    public EvaluatedTemplate Evaluate(TerraformOptions? terraform = null, string directory = "", ScanOptions? options = null) =>
        new TerraformScanner(ResponsibilityCatalog.Default, options, terraform).EvaluateModule(Path.Combine(Root, directory), directory.Length == 0 ? "infra" : "infra/" + directory);

    public FileScan Scan(TerraformOptions? terraform = null, ScanOptions? options = null) =>
        new TerraformScanner(ResponsibilityCatalog.Default, options, terraform).Scan(ScanInput.File("infra", Root, isExplicit: true));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    /// <summary>One module of one main.tf.</summary>
    public static EvaluatedTemplate Evaluate(string mainTf, TerraformOptions? terraform = null)
    {
        using var module = new TempModule(("main.tf", mainTf));
        return module.Evaluate(terraform);
    }

    public static EvaluatedResource Resource(EvaluatedTemplate template, string address) =>
        template.Resource(address) ?? throw new InvalidOperationException($"no resource {address}; have {string.Join(", ", template.Resources.Select(r => r.LogicalId))}");
}

using Demarc.Scanning.Templates;

namespace Demarc.Benchmarks;

/// <summary>The shared corpus of real templates (../shared/corpus/aws-cloudformation-templates), loaded into memory by format.</summary>
public static class Corpus
{
    public static string Directory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Demarc.slnx")))
        {
            directory = directory.Parent;
        }

        // BenchmarkDotNet runs from a generated copy under bin/; fall back to the environment or the working directory.
        var root = directory?.FullName ?? Environment.GetEnvironmentVariable("DEMARC_ROOT") ?? System.IO.Directory.GetCurrentDirectory();
        var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus", "aws-cloudformation-templates"));
        return System.IO.Directory.Exists(corpus) ? corpus : throw new DirectoryNotFoundException($"corpus not found at {corpus} (set DEMARC_ROOT to the repository root)");
    }

    /// <summary>Every corpus file of a format whose content is a template, with its bytes.</summary>
    public static List<(string Name, byte[] Bytes)> Templates(TemplateFormat format)
    {
        var corpus = Directory();
        var files = new List<(string, byte[])>();
        foreach (var path in System.IO.Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            if (TemplateReader.DetectFormat(bytes) != format)
            {
                continue;
            }

            var read = TemplateReader.Read(path, bytes, Demarc.Parsing.ParseLimits.Default, isExplicit: false);
            if (read.Kind == Demarc.Scanning.FileKind.Template)
            {
                files.Add((path, bytes));
            }
        }

        return files;
    }
}

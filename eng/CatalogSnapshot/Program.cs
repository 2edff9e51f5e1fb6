using Demarc.Catalog;

// Usage (from the repository root): dotnet CatalogSnapshot.dll data/catalog OUTPUT.bin
// Loads every *.yaml file under the directory exactly as Demarc.Core embeds them (named data/catalog/…, in ordinal
// order), validates the catalog with every rule, and writes the snapshot. A broken catalog fails the build here, each
// problem in MSBuild's error format (file(line,col): error RULE: message).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: CatalogSnapshot CATALOG_DIR OUTPUT");
    return 2;
}

var directory = args[0].TrimEnd('/');
var files = Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories)
    .Select(path => (Name: directory + "/" + Path.GetRelativePath(directory, path).Replace('\\', '/'), Path: path))
    .OrderBy(f => f.Name, StringComparer.Ordinal)
    .Select(f => (f.Name, Bytes: File.ReadAllBytes(f.Path)))
    .ToList();
var result = CatalogLoader.Load([.. files.Select(f => CatalogSnapshot.Decode(f.Name, f.Bytes))]);
if (!result.IsValid)
{
    foreach (var d in result.Diagnostics)
    {
        Console.Error.WriteLine($"{d.Location.File}({d.Location.Line},{d.Location.Column}): error {d.Rule}: {d.Message}");
    }

    Console.Error.WriteLine($"CatalogSnapshot: the catalog in {directory} has {result.Diagnostics.Count} problem(s); no snapshot written");
    return 1;
}

var snapshot = CatalogSnapshot.Write(result.Catalog!, CatalogSnapshot.HashOf(files));
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
File.WriteAllBytes(args[1], snapshot);
Console.WriteLine($"CatalogSnapshot: {files.Count} files, {result.Catalog!.Services.Count} services -> {args[1]} ({snapshot.Length:N0} bytes)");
return 0;

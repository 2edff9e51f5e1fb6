using System.Security.Cryptography;
using System.Text;
using Demarc.Model;

namespace Demarc.Catalog;

/// <summary>
/// The built-in catalog as it stands after loading and validation, written once at build time
/// (<c>eng/CatalogSnapshot</c>) and embedded beside the YAML it came from, so that a process answers without parsing
/// and re-validating 440 KB of YAML first. The format is a table of distinct strings, then every record field by field
/// in declaration order (see docs/performance.md for why not JSON: System.Text.Json's cold start cost as much as the
/// YAML it replaced). The YAML stays the source of truth: the snapshot records a SHA-256 of the
/// exact YAML files it was made from, and <see cref="TryRead"/> refuses it when the embedded YAML differs.
/// Overlays never use it; they go through <see cref="CatalogLoader"/> and the same validation as always.
/// </summary>
internal static class CatalogSnapshot
{
    /// <summary>The name of the embedded resource.</summary>
    public const string ResourceName = "catalog.snapshot.bin";

    /// <summary>Raised when the snapshot's shape changes, so an old snapshot is never read by new code.</summary>
    public const int FormatVersion = 1;

    /// <summary>A built-in catalog file as the loader reads it: UTF-8, a byte order mark skipped.</summary>
    public static CatalogFile Decode(string name, byte[] bytes) =>
        new(name, bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3) : Encoding.UTF8.GetString(bytes));

    /// <summary>The SHA-256 of catalog files as the snapshot names them: each file's name and bytes, in order.</summary>
    public static string HashOf(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData([0]);
            hash.AppendData(bytes);
            hash.AppendData([0]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The snapshot of a validated catalog, made from files with the given hash.</summary>
    public static byte[] Write(ResponsibilityCatalog catalog, string inputHash)
    {
        // Two passes: the body refers to strings by index, then the table of distinct strings is written before it.
        var strings = new StringTable();
        using var body = new MemoryStream();
        using (var writer = new SnapshotWriter(body, strings))
        {
            writer.List(catalog.Domains, writer.Domain);
            writer.List(catalog.Models, writer.Model);
            writer.List(catalog.Services, writer.Service);
            writer.List(catalog.ControlCategories, writer.ControlCategory);
            writer.List(catalog.CoreModel, writer.CoreModelRow);
            writer.List([.. catalog.Sources.Values], writer.Source);
        }

        using var output = new MemoryStream();
        using (var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(inputHash);
            writer.Write7BitEncodedInt(strings.Count);
            foreach (var text in strings.InOrder)
            {
                writer.Write(text);
            }

            writer.Write(body.ToArray());
        }

        return output.ToArray();
    }

    /// <summary>The catalog in a snapshot, or null when the snapshot is of another format or of other YAML than <paramref name="expectedHash"/>.</summary>
    public static ResponsibilityCatalog? TryRead(byte[] snapshot, string expectedHash)
    {
        try
        {
            return Read(snapshot, expectedHash);
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // Truncated or not a snapshot at all: the caller loads the YAML instead.
            return null;
        }
    }

    private static ResponsibilityCatalog? Read(byte[] snapshot, string expectedHash)
    {
        using var reader = new SnapshotReader(new MemoryStream(snapshot, writable: false));
        if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadString() != expectedHash)
        {
            return null;
        }

        reader.ReadStrings();
        var domains = reader.List(reader.Domain);
        var models = reader.List(reader.Model);
        var services = reader.List(reader.Service);
        var categories = reader.List(reader.ControlCategory);
        var coreModel = reader.List(reader.CoreModelRow);
        var sources = reader.List(reader.Source);
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            return null;
        }

        var sourcesById = new Dictionary<string, Source>(sources.Count, StringComparer.Ordinal);
        foreach (var source in sources)
        {
            sourcesById.Add(source.Id, source);
        }

        return new ResponsibilityCatalog(domains, models, services, categories, coreModel, sourcesById);
    }

    private const string Magic = "demarc-catalog-snapshot";

    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public List<string> InOrder { get; } = [];

        public int Count => InOrder.Count;

        public int IndexOf(string text)
        {
            if (!_index.TryGetValue(text, out var index))
            {
                index = InOrder.Count;
                _index.Add(text, index);
                InOrder.Add(text);
            }

            return index;
        }
    }

    /// <summary>Writes each record field by field, in declaration order; <see cref="SnapshotReader"/> mirrors it line by line.</summary>
    private sealed class SnapshotWriter(Stream stream, StringTable strings) : BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)
    {
        public void Text(string text) => Write7BitEncodedInt(strings.IndexOf(text));

        public void OptionalText(string? text) => Write7BitEncodedInt(text is null ? 0 : strings.IndexOf(text) + 1);

        public void List<T>(IReadOnlyList<T> items, Action<T> write)
        {
            Write7BitEncodedInt(items.Count);
            foreach (var item in items)
            {
                write(item);
            }
        }

        public void Texts(IReadOnlyList<string> items) => List(items, Text);

        public void Location(SourceLocation location)
        {
            Text(location.File);
            Write7BitEncodedInt(location.Line);
            Write7BitEncodedInt(location.Column);
        }

        public void Parts(Parts parts)
        {
            Text(parts.Aws);
            Text(parts.Customer);
        }

        public void Source(Source source)
        {
            Text(source.Id);
            Text(source.Title);
            Text(source.Url);
            Location(source.Location);
        }

        public void Domain(Domain domain)
        {
            Text(domain.Id);
            Text(domain.Name);
            Write((byte)domain.Layer);
            Text(domain.Group);
            Text(domain.Description);
            Write((byte)domain.Invariant);
            Write((byte)domain.DefaultOwner);
            Texts(domain.Synonyms);
            List([.. domain.Texts], pair =>
            {
                Write((byte)pair.Key);
                Parts(pair.Value);
            });
            Location(domain.Location);
        }

        public void Model(ServiceModel model)
        {
            Text(model.Id);
            Text(model.Name);
            Write7BitEncodedInt(model.Rank);
            Text(model.Description);
            Text(model.AwsCategory);
            List([.. model.Defaults], pair =>
            {
                Text(pair.Key);
                Write((byte)pair.Value);
            });
            Texts(model.SourceIds);
            Location(model.Location);
        }

        public void Cell(Cell cell)
        {
            Text(cell.DomainId);
            Write((byte)cell.Owner);
            Parts(cell.Parts);
            OptionalText(cell.Note);
            Texts(cell.SourceIds);
            Write((byte)cell.Confidence);
            OptionalText(cell.AsOf);
            Location(cell.Location);
        }

        public void Cells(IReadOnlyDictionary<string, Cell> cells) => List([.. cells], pair =>
        {
            Text(pair.Key);
            Cell(pair.Value);
        });

        public void Selector(ResourceSelector selector)
        {
            Text(selector.ResourceType);
            OptionalText(selector.Property);
            OptionalText(selector.Pattern);
        }

        public void Variant(Variant variant)
        {
            Text(variant.Id);
            Text(variant.Name);
            Texts(variant.Aliases);
            Text(variant.Summary);
            OptionalText(variant.ModelId);
            Cells(variant.Overrides);
            List(variant.Selectors, Selector);
            Location(variant.Location);
        }

        public void Service(Service service)
        {
            Text(service.Id);
            Text(service.Name);
            Texts(service.Aliases);
            Text(service.ModelId);
            Text(service.Category);
            Text(service.Summary);
            Texts(service.ResourceTypes.CloudFormation);
            Texts(service.ResourceTypes.Terraform);
            Cells(service.Cells);
            List(service.Variants, Variant);
            Texts(service.Caveats);
            Texts(service.SourceIds);
            Location(service.Location);
            List(service.Claims, Selector);
        }

        public void Control(Control control)
        {
            Text(control.Id);
            Text(control.Name);
            Text(control.Description);
            Parts(control.Parts);
            Texts(control.DomainIds);
            Texts(control.Synonyms);
            Texts(control.SourceIds);
        }

        public void ControlCategory(ControlCategory category)
        {
            Text(category.Id);
            Text(category.Name);
            Text(category.Description);
            Write((byte)category.Owner);
            List(category.Controls, Control);
            Texts(category.Synonyms);
            Texts(category.SourceIds);
            Location(category.Location);
        }

        public void CoreModelRow(CoreModelRow row)
        {
            Text(row.Id);
            Text(row.Name);
            Texts(row.DomainIds);
            Parts(row.Parts);
            Location(row.Location);
        }
    }

    /// <summary>Reads what <see cref="SnapshotWriter"/> wrote, in the same order.</summary>
    private sealed class SnapshotReader(Stream stream) : BinaryReader(stream, Encoding.UTF8)
    {
        private string[] _strings = [];

        public void ReadStrings()
        {
            _strings = new string[Read7BitEncodedInt()];
            for (var i = 0; i < _strings.Length; i++)
            {
                _strings[i] = ReadString();
            }
        }

        public string Text() => _strings[Read7BitEncodedInt()];

        public string? OptionalText() => Read7BitEncodedInt() is var index and > 0 ? _strings[index - 1] : null;

        public List<T> List<T>(Func<T> read)
        {
            var items = new List<T>(Read7BitEncodedInt());
            for (var i = items.Capacity; i > 0; i--)
            {
                items.Add(read());
            }

            return items;
        }

        public List<string> Texts() => List(Text);

        public SourceLocation Location() => new(Text(), Read7BitEncodedInt(), Read7BitEncodedInt());

        public Parts Parts() => new(Text(), Text());

        public Source Source() => new(Text(), Text(), Text(), Location());

        public Domain Domain() => new(
            Text(),
            Text(),
            (Layer)ReadByte(),
            Text(),
            Text(),
            (DomainInvariant)ReadByte(),
            (Owner)ReadByte(),
            Texts(),
            List(() => KeyValuePair.Create((Owner)ReadByte(), Parts())).ToDictionary(),
            Location());

        public ServiceModel Model() => new(
            Text(),
            Text(),
            Read7BitEncodedInt(),
            Text(),
            Text(),
            List(() => KeyValuePair.Create(Text(), (Owner)ReadByte())).ToDictionary(StringComparer.Ordinal),
            Texts(),
            Location());

        public Cell Cell() => new(Text(), (Owner)ReadByte(), Parts(), OptionalText(), Texts(), (Confidence)ReadByte(), OptionalText(), Location());

        public Dictionary<string, Cell> Cells() => List(() => KeyValuePair.Create(Text(), Cell())).ToDictionary(StringComparer.Ordinal);

        public ResourceSelector Selector() => new(Text(), OptionalText(), OptionalText());

        public Variant Variant() => new(Text(), Text(), Texts(), Text(), OptionalText(), Cells(), List(Selector), Location());

        public Service Service() => new(
            Text(),
            Text(),
            Texts(),
            Text(),
            Text(),
            Text(),
            new ResourceTypes(Texts(), Texts()),
            Cells(),
            List(Variant),
            Texts(),
            Texts(),
            Location())
        {
            Claims = List(Selector),
        };

        public Control Control() => new(Text(), Text(), Text(), Parts(), Texts(), Texts(), Texts());

        public ControlCategory ControlCategory() => new(Text(), Text(), Text(), (Owner)ReadByte(), List(Control), Texts(), Texts(), Location());

        public CoreModelRow CoreModelRow() => new(Text(), Text(), Texts(), Parts(), Location());
    }
}

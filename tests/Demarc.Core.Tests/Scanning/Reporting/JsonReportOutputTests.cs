using System.Text;
using System.Text.Json;
using Demarc.Scanning.Reporting;

namespace Demarc.Core.Tests.Scanning.Reporting;

public class JsonReportOutputTests
{
    // What the report writers did before streaming: the whole document in memory, \r\n made \n, a final newline.
    private static string InMemory(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static string Streamed(Action<Utf8JsonWriter> write)
    {
        var output = new StringWriter();
        JsonReportOutput.Write(output, write);
        return output.ToString();
    }

    [Fact]
    public void Write_MultibyteTextAcrossManyChunks_SameTextAsWrittenInMemory()
    {
        // 2- to 4-byte UTF-8 characters at every offset, so chunk boundaries fall inside characters; about 1.5 MB.
        void Write(Utf8JsonWriter json)
        {
            json.WriteStartObject();
            json.WriteStartArray("items");
            for (var i = 0; i < 20_000; i++)
            {
                json.WriteStartObject();
                json.WriteString("text", new string('x', i % 7) + "é€😀 \"quoted\" <tag> " + i);
                json.WriteNumber("n", i);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var streamed = Streamed(Write);
        Assert.True(streamed.Length > 1_000_000, "the document must span many 64 KB chunks");
        Assert.Equal(InMemory(Write), streamed);
        Assert.DoesNotContain("\r", streamed, StringComparison.Ordinal);
        Assert.EndsWith("}\n", streamed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ValueLargerThanOneChunk_WrittenWhole()
    {
        var big = string.Concat(Enumerable.Repeat("ü0123456789", 20_000));
        void Write(Utf8JsonWriter json)
        {
            json.WriteStartObject();
            json.WriteString("big", big);
            json.WriteEndObject();
        }

        var streamed = Streamed(Write);
        Assert.Equal(InMemory(Write), streamed);
        Assert.Equal(big, JsonDocument.Parse(streamed).RootElement.GetProperty("big").GetString());
    }
}

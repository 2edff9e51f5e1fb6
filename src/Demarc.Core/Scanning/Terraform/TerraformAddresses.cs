namespace Demarc.Scanning.Terraform;

/// <summary>Reads resource addresses (<c>module.db[0].aws_db_instance.main["a.b"]</c>) into their module and resource parts.</summary>
public static class TerraformAddresses
{
    /// <summary>
    /// Splits an address into the module instance path (<c>module.db[0]</c>, <c>module.app.module.queue</c>, or null for
    /// the root module) and the resource within it (<c>aws_db_instance.main["a.b"]</c>). Instance keys may hold dots and
    /// brackets inside quotes. Anything that does not read as a module path is the resource part.
    /// </summary>
    public static (string? Module, string Resource) Split(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var end = -1;
        var i = 0;
        while (address.AsSpan(i).StartsWith("module.", StringComparison.Ordinal))
        {
            var j = i + "module.".Length;
            while (j < address.Length && address[j] is not ('.' or '['))
            {
                j++;
            }

            if (j < address.Length && address[j] == '[')
            {
                j = AfterIndex(address, j);
            }

            if (j <= i + "module.".Length || j >= address.Length || address[j] != '.')
            {
                break;
            }

            end = j;
            i = j + 1;
        }

        return end < 0 ? (null, address) : (address[..end], address[(end + 1)..]);
    }

    // The position after the ']' closing the index that opens at start (quoted keys may hold ']' and escaped quotes).
    private static int AfterIndex(string address, int start)
    {
        var quoted = false;
        for (var k = start + 1; k < address.Length; k++)
        {
            var c = address[k];
            if (quoted && c == '\\')
            {
                k++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ']' && !quoted)
            {
                return k + 1;
            }
        }

        return address.Length;
    }
}

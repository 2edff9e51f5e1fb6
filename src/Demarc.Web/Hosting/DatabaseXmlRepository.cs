using System.Xml.Linq;
using Demarc.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Demarc.Web.Hosting;

/// <summary>ASP.NET's data-protection key ring kept in the Demarc database (<see cref="WebKeyStore"/>), shared by every instance.</summary>
internal sealed class DatabaseXmlRepository(WebKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.LoadAllAsync().GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        store.SaveAsync(string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
    }
}

using Demarc.Web.Hosting;
using Demarc.Web.Quiz;

namespace Demarc.Web.Engines;

/// <summary>The engines this build has: the real ones when their code is in the tree, the stand-ins otherwise.</summary>
public static class EngineFactory
{
    /// <summary>Whether this build answers questions.</summary>
    public static bool HasAsk =>
#if DEMARC_ASK
        true;
#else
        false;
#endif

    /// <summary>Whether this build scans templates.</summary>
    public static bool HasScan =>
#if DEMARC_SCAN
        true;
#else
        false;
#endif

    /// <summary>The ask engine.</summary>
    public static IAskEngine Ask(WebCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
#if DEMARC_ASK
        return new AskEngine(catalog.Catalog);
#else
        return UnavailableEngines.Ask;
#endif
    }

    /// <summary>The scan engine, with the web app's upload limit as the scanner's file-size limit.</summary>
    public static IScanEngine Scan(WebCatalog catalog, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
#if DEMARC_SCAN
        return new ScanEngine(catalog.Catalog, options.MaxFileBytes);
#else
        return UnavailableEngines.Scan;
#endif
    }
}

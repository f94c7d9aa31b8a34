using Microsoft.Extensions.FileProviders;
using SkiaSharp;

namespace ZlhPortal.Web.Features.Billing.Documents;

/// <summary>
/// The typefaces invoice PDFs are set in: Roboto TrueType files that the build copies from npm into the web root
/// (<c>lib/roboto-ttf</c>), so a PDF looks the same on every machine and never depends on installed system fonts.
/// </summary>
public sealed class InvoiceFonts : IDisposable
{
    public const string RegularPath = "lib/roboto-ttf/Roboto-Regular.ttf";
    public const string BoldPath = "lib/roboto-ttf/Roboto-Bold.ttf";

    private InvoiceFonts(SKTypeface regular, SKTypeface bold)
    {
        Regular = regular;
        Bold = bold;
    }

    public SKTypeface Regular { get; }

    public SKTypeface Bold { get; }

    /// <param name="webRoot">The portal's web root (<c>IWebHostEnvironment.WebRootFileProvider</c>).</param>
    public static InvoiceFonts Load(IFileProvider webRoot) => new(LoadTypeface(webRoot, RegularPath), LoadTypeface(webRoot, BoldPath));

    private static SKTypeface LoadTypeface(IFileProvider webRoot, string path)
    {
        var file = webRoot.GetFileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException(
                $"The invoice font wwwroot/{path} is missing. The build copies it from npm (RestoreFrontEndLibraries); run `dotnet build` once with access to the npm registry.",
                path);
        }

        using var stream = file.CreateReadStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        using var data = SKData.CreateCopy(buffer.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidDataException($"wwwroot/{path} is not a font Skia can read.");
    }

    public void Dispose()
    {
        Regular.Dispose();
        Bold.Dispose();
    }
}

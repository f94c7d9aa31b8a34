using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Files;

/// <summary>Limits of the file manager (<c>Files:*</c>): what one request may carry to a server's agent.</summary>
public sealed class FilesOptions
{
    public const string SectionName = "Files";

    /// <summary>The largest file opened in the editor, and the largest body a <c>PUT …/files/content</c> may send.</summary>
    [Range(1024, 64L << 20)]
    public long MaxEditBytes { get; set; } = 1 << 20;

    /// <summary>The most file content one upload request may carry (all its files together).</summary>
    [Range(1024, 4L << 30)]
    public long MaxUploadBytes { get; set; } = 32L << 20;

    /// <summary>Entries per page of a folder listing unless the caller asks for another size (up to 500).</summary>
    [Range(1, 500)]
    public int PageSize { get; set; } = 100;
}

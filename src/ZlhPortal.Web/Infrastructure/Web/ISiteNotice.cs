namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>A line every page shows above its content while it applies; features register theirs.</summary>
public interface ISiteNotice
{
    /// <summary>What to say, or null while the notice does not apply.</summary>
    string? Text { get; }
}

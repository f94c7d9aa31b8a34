using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Servers.History;

/// <summary>A history line in the REST API; <c>kind</c> is lower case with dashes (<c>out-of-memory</c>, <c>staff-access</c>).</summary>
public sealed record HistoryEntryResponse(DateTimeOffset At, string Kind, string Actor, string Text)
{
    public static HistoryEntryResponse From(HistoryEntryView e) => new(e.At, KindName(e.Kind), e.Actor, e.Text);

    public static string KindName(HistoryKind kind) => ApiNames.Kebab(kind);
}

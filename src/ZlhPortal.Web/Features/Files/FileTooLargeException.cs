namespace ZlhPortal.Web.Features.Files;

/// <summary>A body went past its limit while it was being forwarded (see <see cref="BoundedStream"/>).</summary>
public sealed class FileTooLargeException(long limit) : IOException($"more than {limit} bytes")
{
    public long Limit => limit;
}

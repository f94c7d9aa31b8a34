namespace ZlhPortal.Web.Features.Provisioning.Status;

public enum UsageSeriesState
{
    /// <summary>Read from the cluster (possibly without points yet).</summary>
    Read,

    /// <summary>The caller may not see the server, or there is no such server.</summary>
    NotFound,

    /// <summary>The server has no container to measure (not placed yet, or its container is gone).</summary>
    NoContainer,

    /// <summary>The cluster did not answer; try again later.</summary>
    Unavailable,
}

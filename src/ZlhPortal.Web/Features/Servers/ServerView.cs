using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Servers;

/// <summary>Everything a page or API client needs to show one server.</summary>
public sealed record ServerView(
    int Id, string OwnerId, string? OwnerEmail, string Name, ServerKind Kind, ServerStatus Status, ServerOperation Operation,
    string PlanSlug, string PlanName, string TemplateSlug, string TemplateName, int GamePort,
    string? Node, int? Vmid, string? IpAddress, string? Hostname, string? FailureReason, string? FailureDetail,
    bool Complimentary, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<StepView> Steps)
{
    /// <summary>Where players connect (ip:port for games) or the container address (dev).</summary>
    public string? Address => IpAddress is null ? null : GamePort > 0 ? $"{IpAddress}:{GamePort}" : IpAddress;

    public bool IsBusy => Operation != ServerOperation.None;

    /// <summary>Why the last power action failed; null once a later one succeeded.</summary>
    public string? LastActionError { get; init; }

    /// <summary>Power actions that failed, newest first.</summary>
    public IReadOnlyList<ActionFailureView> ActionFailures { get; init; } = [];
}

namespace ZlhPortal.Web.Features.Accounts.Activity;

/// <summary>
/// What the back office's activity log is narrowed to; every field is optional. <see cref="Actor"/> and
/// <see cref="Customer"/> take an account id or a whole email address; <see cref="From"/> is inclusive, <see cref="To"/> exclusive.
/// </summary>
public sealed record ActivityFilter(
    AccountActivityKind? Kind = null,
    string? Actor = null,
    string? Customer = null,
    int? ServerId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Search = null)
{
    public static ActivityFilter None { get; } = new();
}

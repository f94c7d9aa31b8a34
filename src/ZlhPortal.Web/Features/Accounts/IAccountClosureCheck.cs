namespace ZlhPortal.Web.Features.Accounts;

/// <summary>
/// Asked before a customer deletes their own account: a part that keeps records of the account (servers, invoices,
/// orders) says why it may not go. Checks run in registration order; the first reason is shown.
/// </summary>
public interface IAccountClosureCheck
{
    /// <returns>Null when this part keeps nothing that stops the deletion; otherwise the reason to show.</returns>
    Task<string?> WhyNotClosableAsync(string userId, CancellationToken ct);
}

using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Support.Tickets;

namespace ZlhPortal.Web.Features.Admin.Customers;

public sealed record CustomerSummaryResponse(
    string Id, string Email, string DisplayName, string Role, bool EmailConfirmed, bool TwoFactorEnabled, bool LockedOut, DateTimeOffset CreatedAt)
{
    public static CustomerSummaryResponse From(AccountRow row) =>
        new(row.Id, row.Email, row.DisplayName, row.Role, row.EmailConfirmed, row.TwoFactorEnabled, row.LockedOut, row.CreatedAt);
}

public sealed record CustomerProfileResponse(
    string Id, string Email, string DisplayName, string Role, bool EmailConfirmed, bool TwoFactorEnabled, bool LockedOut, DateTimeOffset? LockedOutUntil,
    string? BillingCountry, DateTimeOffset CreatedAt);

public sealed record CustomerServerResponse(int Id, string Name, string Kind, string Status, string Plan, string Template, string? Node, int? Vmid, string? Address);

public sealed record CustomerCreditResponse(long BalanceMinor, string Currency, IReadOnlyList<CustomerCreditRow> Entries);

public sealed record CustomerActivityResponse(long Id, DateTimeOffset At, string Kind, string Detail, string? Actor, int? ServerId, string? IpAddress)
{
    public static CustomerActivityResponse From(ActivityRow row) =>
        new(row.Id, row.At, row.Kind.ToString(), row.Detail, row.ActorEmail, row.ServerId, row.IpAddress);
}

/// <summary><c>GET /api/v1/admin/customers/{id}</c>.</summary>
public sealed record CustomerResponse(
    CustomerProfileResponse Profile, IReadOnlyList<CustomerServerResponse> Servers, IReadOnlyList<CustomerSubscriptionRow> Subscriptions,
    IReadOnlyList<CustomerInvoiceRow> Invoices, IReadOnlyList<CustomerPaymentRow> Payments, CustomerCreditResponse Credit,
    IReadOnlyList<CustomerActivityResponse> RecentActivity, IReadOnlyList<CustomerNoteRow> Notes, IReadOnlyList<CustomerTicketResponse> Tickets)
{
    public static CustomerResponse From(CustomerOverviewView view, DateTimeOffset now)
    {
        var p = view.Profile;
        return new CustomerResponse(
            new CustomerProfileResponse(p.Id, p.Email, p.DisplayName, p.Role, p.EmailConfirmed, p.TwoFactorEnabled, p.LockedOut(now),
                p.LockedOut(now) ? p.LockedOutUntil : null, p.BillingCountry, p.CreatedAt),
            view.Servers.Select(Server).ToList(),
            view.Billing.Subscriptions, view.Billing.Invoices, view.Billing.Payments,
            new CustomerCreditResponse(view.Billing.CreditBalanceMinor, view.Billing.Currency, view.Billing.Credit),
            view.RecentActivity.Select(CustomerActivityResponse.From).ToList(),
            view.Notes,
            view.Tickets.Select(t => new CustomerTicketResponse(t.Id, t.Subject, TicketStatusNames.Of(t.Status), t.ServerId, t.AssignedToEmail, t.LastReplyAt)).ToList());
    }

    private static CustomerServerResponse Server(ServerView s) =>
        new(s.Id, s.Name, s.Kind.ToString().ToLowerInvariant(), s.Status.ToString().ToLowerInvariant(), s.PlanSlug, s.TemplateSlug, s.Node, s.Vmid, s.Address);
}

public sealed record CustomerTicketResponse(int Id, string Subject, string Status, int? ServerId, string? AssignedTo, DateTimeOffset LastReplyAt);

/// <summary>The body of a staff action: why (the customer sees it).</summary>
public sealed record StaffReasonRequest(string? Reason);

/// <summary>The body of <c>POST /api/v1/admin/customers/{id}/notes</c>.</summary>
public sealed record CustomerNoteRequest(string? Text);

public sealed record StaffActionResponse(string Message);

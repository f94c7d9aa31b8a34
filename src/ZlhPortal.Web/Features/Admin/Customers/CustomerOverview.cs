using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Support.Tickets;

namespace ZlhPortal.Web.Features.Admin.Customers;

/// <summary>Everything staff see of one customer (the back office's customer view and <c>GET /api/v1/admin/customers/{id}</c>).</summary>
public sealed record CustomerOverviewView(
    CustomerProfile Profile, IReadOnlyList<ServerView> Servers, CustomerBillingView Billing, IReadOnlyList<ActivityRow> RecentActivity,
    IReadOnlyList<CustomerNoteRow> Notes, IReadOnlyList<TicketRow> Tickets);

/// <summary>Gathers <see cref="CustomerOverviewView"/> from the parts that own each piece.</summary>
public sealed class CustomerOverview(StaffAccountActions accounts, ServerDirectory servers, CustomerBilling billing, ActivityLog activity, TicketDesk tickets)
{
    public const int RecentActivityShown = 50;

    public async Task<CustomerOverviewView?> GetAsync(string customerId, CancellationToken ct = default)
    {
        if (await accounts.FindAsync(customerId, ct) is not { } profile)
        {
            return null;
        }

        var recent = await activity.GetPageAsync(new ActivityFilter(Customer: profile.Id), 0, RecentActivityShown, ct);
        return new CustomerOverviewView(profile, await servers.ListForOwnerAsync(profile.Id, ct), await billing.GetAsync(profile.Id, ct), recent.Rows,
            await accounts.NotesAsync(profile.Id, ct), await tickets.ListForCustomerAsync(profile.Id, ct));
    }
}

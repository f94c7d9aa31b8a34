namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>The statuses as the API and the pages spell them (<c>open</c>, <c>waiting-on-customer</c>, <c>closed</c>).</summary>
public static class TicketStatusNames
{
    public static string Of(TicketStatus status) => status switch
    {
        TicketStatus.Open => "open",
        TicketStatus.WaitingOnCustomer => "waiting-on-customer",
        _ => "closed",
    };

    public static string Label(TicketStatus status) => status switch
    {
        TicketStatus.Open => "Open",
        TicketStatus.WaitingOnCustomer => "Waiting on customer",
        _ => "Closed",
    };

    public static TicketStatus? Parse(string? value) =>
        Enum.GetValues<TicketStatus>().Cast<TicketStatus?>().FirstOrDefault(s => string.Equals(Of(s!.Value), value?.Trim(), StringComparison.OrdinalIgnoreCase));
}

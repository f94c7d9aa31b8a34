namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>A staff member's internal note on a customer: seen by staff only, never by the customer.</summary>
public sealed class CustomerNote
{
    public const int TextMaxLength = 2000;

    public long Id { get; set; }

    public string CustomerId { get; set; } = "";

    public string AuthorId { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

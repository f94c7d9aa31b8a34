namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>Who on the staff acts, for the customer's activity log.</summary>
public sealed record StaffActor(string Id, string Email, bool IsAdmin);

/// <summary>The answer to a staff action: done, refused with a reason the caller shows, or no such customer.</summary>
public sealed record StaffActionResult(StaffActionOutcome Outcome, string Message)
{
    public bool Succeeded => Outcome == StaffActionOutcome.Done;

    public static StaffActionResult Done(string message) => new(StaffActionOutcome.Done, message);

    public static StaffActionResult Invalid(string message) => new(StaffActionOutcome.Invalid, message);

    public static StaffActionResult Refused(string message) => new(StaffActionOutcome.Refused, message);

    public static StaffActionResult Forbidden(string message) => new(StaffActionOutcome.Forbidden, message);

    public static StaffActionResult NotFound() => new(StaffActionOutcome.NotFound, "No such customer.");
}

public enum StaffActionOutcome
{
    Done,
    Invalid,
    Refused,
    Forbidden,
    NotFound,
}

namespace ZlhPortal.Web.Features.Accounts.Administration;

public sealed record CustomerNoteRow(long Id, string Text, string? AuthorEmail, DateTimeOffset At);

namespace ZlhPortal.Web.Features.Support.Announcements;

public enum AnnouncementSeverity
{
    Info,
    Maintenance,
    Incident,
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Support.Announcements;

public sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> builder)
    {
        builder.Property(a => a.Title).HasMaxLength(Announcement.TitleMaxLength);
        builder.Property(a => a.Body).HasMaxLength(Announcement.BodyMaxLength);
        builder.Property(a => a.Severity).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Node).HasMaxLength(100);
        builder.Property(a => a.CreatedById).HasMaxLength(450);
        builder.HasIndex(a => a.EndsAt);
    }
}

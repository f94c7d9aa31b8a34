using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Accounts.Activity;

public sealed class AccountActivityConfiguration : IEntityTypeConfiguration<AccountActivity>
{
    public void Configure(EntityTypeBuilder<AccountActivity> builder)
    {
        builder.ToTable("AccountActivities");
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(a => a.Detail).HasMaxLength(AccountActivity.DetailMaxLength);
        builder.Property(a => a.IpAddress).HasMaxLength(64);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.HasIndex(a => new { a.UserId, a.At });
        builder.Property(a => a.ActorId).HasMaxLength(450);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.ActorId, a.At });
        builder.HasIndex(a => new { a.ServerId, a.At });
    }
}

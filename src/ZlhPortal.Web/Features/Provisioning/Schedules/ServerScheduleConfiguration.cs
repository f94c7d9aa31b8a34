using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Schedules;

public sealed class ServerScheduleConfiguration : IEntityTypeConfiguration<ServerSchedule>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public void Configure(EntityTypeBuilder<ServerSchedule> builder)
    {
        builder.ToTable("ServerSchedules");
        builder.Property(s => s.Name).HasMaxLength(ServerSchedule.NameMaxLength);
        builder.Property(s => s.Cron).HasMaxLength(ServerSchedule.CronMaxLength);
        builder.Property(s => s.TimeZone).HasMaxLength(ServerSchedule.TimeZoneMaxLength);
        // Tasks and results are only ever read and written with their schedule: one JSON text column each, on either provider.
        builder.Property(s => s.Tasks).HasConversion(
            tasks => JsonSerializer.Serialize(tasks, Json),
            json => JsonSerializer.Deserialize<List<ScheduleTask>>(json, Json) ?? new List<ScheduleTask>(),
            new ValueComparer<List<ScheduleTask>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, t) => HashCode.Combine(h, t)), v => v.ToList()));
        builder.Property(s => s.LastRunResults).HasConversion(
            results => JsonSerializer.Serialize(results, Json),
            json => JsonSerializer.Deserialize<List<string>>(json, Json) ?? new List<string>(),
            new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, t) => HashCode.Combine(h, t)), v => v.ToList()));
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ServerId);
    }
}

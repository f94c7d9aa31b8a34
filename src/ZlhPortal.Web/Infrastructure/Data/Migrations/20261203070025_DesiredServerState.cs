using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class DesiredServerState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DesiredPlanId",
                table: "Servers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DesiredRunning",
                table: "Servers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "DesiredSuspended",
                table: "Servers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // What existing servers were last asked for, read from where they are and what they are doing.
            migrationBuilder.Sql("""
                UPDATE "Servers" SET
                    "DesiredRunning" = CASE
                        WHEN "Operation" IN ('Stop', 'Kill') THEN 0
                        WHEN "Status" = 'Stopped' AND "Operation" NOT IN ('Start', 'Restart') THEN 0
                        WHEN "Status" = 'Suspended' AND "Operation" <> 'Unsuspend' THEN 0
                        ELSE 1 END,
                    "DesiredSuspended" = CASE
                        WHEN "Operation" = 'Suspend' THEN 1
                        WHEN "Status" = 'Suspended' AND "Operation" <> 'Unsuspend' THEN 1
                        ELSE 0 END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DesiredPlanId",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "DesiredRunning",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "DesiredSuspended",
                table: "Servers");
        }
    }
}

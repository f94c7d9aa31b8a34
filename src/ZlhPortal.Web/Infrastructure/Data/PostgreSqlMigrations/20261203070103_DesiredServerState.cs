using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.PostgreSqlMigrations
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
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DesiredRunning",
                table: "Servers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "DesiredSuspended",
                table: "Servers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // What existing servers were last asked for, read from where they are and what they are doing.
            migrationBuilder.Sql("""
                UPDATE "Servers" SET
                    "DesiredRunning" = CASE
                        WHEN "Operation" IN ('Stop', 'Kill') THEN FALSE
                        WHEN "Status" = 'Stopped' AND "Operation" NOT IN ('Start', 'Restart') THEN FALSE
                        WHEN "Status" = 'Suspended' AND "Operation" <> 'Unsuspend' THEN FALSE
                        ELSE TRUE END,
                    "DesiredSuspended" = CASE
                        WHEN "Operation" = 'Suspend' THEN TRUE
                        WHEN "Status" = 'Suspended' AND "Operation" <> 'Unsuspend' THEN TRUE
                        ELSE FALSE END
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

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class StaffSuspension : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "StaffSuspendedAt",
                table: "Servers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StaffSuspendedBy",
                table: "Servers",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StaffSuspendedReason",
                table: "Servers",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StaffSuspendedAt",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "StaffSuspendedBy",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "StaffSuspendedReason",
                table: "Servers");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class GameSettingsAndVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Versions",
                table: "Templates",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "GameVersion",
                table: "Servers",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedGameVersion",
                table: "Servers",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 1,
                column: "Versions",
                value: "1.21.4,1.21.3,1.21.1,1.20.6,1.20.4,1.19.4");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 2,
                column: "Versions",
                value: "1.21.4,1.21.3,1.21.1,1.20.6,1.20.4,1.19.4");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 3,
                column: "Versions",
                value: "1.21.4,1.21.3,1.21.1,1.20.6,1.20.4");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 4,
                column: "Versions",
                value: "0.219,0.218,0.217");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 5,
                column: "Versions",
                value: "1.4.4,1.4.3");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 6,
                column: "Versions",
                value: "22,20,18");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 7,
                column: "Versions",
                value: "3.12,3.11,3.10");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 8,
                column: "Versions",
                value: "10.0,9.0,8.0");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 9,
                column: "Versions",
                value: "1.23,1.22,1.21");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Versions",
                table: "Templates");

            migrationBuilder.DropColumn(
                name: "GameVersion",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "RequestedGameVersion",
                table: "Servers");
        }
    }
}

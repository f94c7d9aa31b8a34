using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class EdgePublishing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Protocol",
                table: "Templates",
                type: "TEXT",
                maxLength: 3,
                nullable: false,
                defaultValue: "tcp");

            migrationBuilder.AddColumn<int>(
                name: "PublicPort",
                table: "Servers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Published",
                table: "Servers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "PublicPort",
                table: "CapacityReservations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PortReleases",
                columns: table => new
                {
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    ReleasedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortReleases", x => x.Port);
                });

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 1,
                column: "Protocol",
                value: "tcp");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 2,
                column: "Protocol",
                value: "tcp");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 3,
                column: "Protocol",
                value: "tcp");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 4,
                column: "Protocol",
                value: "udp");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 5,
                column: "Protocol",
                value: "tcp");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 6,
                column: "Protocol",
                value: "tcp");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 7,
                column: "Protocol",
                value: "tcp");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 8,
                column: "Protocol",
                value: "tcp");

            migrationBuilder.UpdateData(
                table: "Templates",
                keyColumn: "Id",
                keyValue: 9,
                column: "Protocol",
                value: "tcp");

            migrationBuilder.CreateIndex(
                name: "IX_Servers_PublicPort",
                table: "Servers",
                column: "PublicPort",
                unique: true,
                filter: "\"PublicPort\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PortReleases");

            migrationBuilder.DropIndex(
                name: "IX_Servers_PublicPort",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "Protocol",
                table: "Templates");

            migrationBuilder.DropColumn(
                name: "PublicPort",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "Published",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "PublicPort",
                table: "CapacityReservations");
        }
    }
}

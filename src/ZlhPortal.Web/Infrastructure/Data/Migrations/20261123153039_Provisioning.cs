using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Provisioning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "VmidReleases",
                columns: table => new
                {
                    Vmid = table.Column<int>(type: "INTEGER", nullable: false),
                    ReleasedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VmidReleases", x => x.Vmid);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VmidReleases");
        }
    }
}

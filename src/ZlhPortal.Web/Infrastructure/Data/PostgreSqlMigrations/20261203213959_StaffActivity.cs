using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class StaffActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ActorId",
                table: "AccountActivities",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ServerId",
                table: "AccountActivities",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccountActivities_ActorId_At",
                table: "AccountActivities",
                columns: new[] { "ActorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AccountActivities_ServerId_At",
                table: "AccountActivities",
                columns: new[] { "ServerId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccountActivities_ActorId_At",
                table: "AccountActivities");

            migrationBuilder.DropIndex(
                name: "IX_AccountActivities_ServerId_At",
                table: "AccountActivities");

            migrationBuilder.DropColumn(
                name: "ActorId",
                table: "AccountActivities");

            migrationBuilder.DropColumn(
                name: "ServerId",
                table: "AccountActivities");
        }
    }
}

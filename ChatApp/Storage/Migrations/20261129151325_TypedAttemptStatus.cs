using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatApp.Storage.Migrations
{
    /// <inheritdoc />
    public partial class TypedAttemptStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FailureKind",
                table: "Attempts",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastSequence",
                table: "Attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "StatusCode",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StopReason",
                table: "Attempts",
                type: "TEXT",
                maxLength: 32,
                nullable: true);
            // The old rows spelled these as strings: "stopped:{reason}" in ErrorMessage, and an "interrupted" status.
            migrationBuilder.Sql("UPDATE \"Attempts\" SET \"StopReason\" = substr(\"ErrorMessage\", 9), \"ErrorMessage\" = NULL WHERE \"Status\" = 'stopped' AND \"ErrorMessage\" LIKE 'stopped:%'");
            migrationBuilder.Sql("UPDATE \"Attempts\" SET \"Status\" = 'error', \"FailureKind\" = 'Interrupted' WHERE \"Status\" = 'interrupted'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FailureKind",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "LastSequence",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "StatusCode",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "StopReason",
                table: "Attempts");
        }
    }
}

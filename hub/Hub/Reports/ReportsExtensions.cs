using System.Globalization;
using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Reports;

public static class ReportsExtensions
{
    private static readonly Role[] MayReport = [Role.PropertyOperator, Role.CommunityPolice, Role.StreetOperator, Role.CountyOperator, Role.Admin];

    public static IHostApplicationBuilder AddHubReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportSource>();
        builder.Services.AddSingleton<ReportService>();
        builder.Services.AddSingleton<ReportArchive>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportArchive>());
        return builder;
    }

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").RequireAuthorization();
        group.MapGet("/", ReportAsync);
        group.MapGet("/archive", Archive);
        group.MapGet("/archive/{name}", ArchivedFile);
        return app;
    }

    /// <summary>
    /// GET /api/reports?place=st-wenxin&amp;period=weekly|monthly|quarterly&amp;date=2026-11-10&amp;format=json|csv|html: the
    /// report of the period containing <c>date</c> (default: the last finished period) for a place the person covers.
    /// </summary>
    private static async Task<Results<Ok<IncidentReport>, FileContentHttpResult, ContentHttpResult, ValidationProblem, ForbidHttpResult, NotFound>> ReportAsync(
        string? place, string? period, string? date, string? format, SignedIn me, ReportService reports, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (place is null)
            errors["place"] = ["'place' is required: a place id such as a community or a street."];
        var kind = ReportPeriodKind.Monthly;
        if (period is not null && !ApiNames.TryParse(period, out kind))
            errors["period"] = [$"'{period}' is not a period; use {ApiNames.Choices<ReportPeriodKind>()}."];
        DateOnly? day = null;
        if (date is not null)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                day = parsed;
            else
                errors["date"] = [$"'{date}' is not a date; use YYYY-MM-DD."];
        }
        if (format is not (null or "json" or "csv" or "html"))
            errors["format"] = [$"'{format}' is not a format; use json, csv or html."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, detail: "The report request has invalid parameters.");

        if (!MayReport.Contains(me.Person.Role))
            return TypedResults.Forbid();
        if (me.Site.Place(place!) is null || (!me.IsAdmin && !me.Site.Ancestry(place!).Any(p => me.Person.Scopes.Contains(p.Id))))
            return TypedResults.NotFound();

        var reportPeriod = day is { } d ? ReportPeriod.Containing(kind, d, reports.Zone) : ReportPeriod.Containing(kind, reports.Today, reports.Zone).Previous(reports.Zone);
        var report = (await reports.BuildAsync(place!, reportPeriod, ct).ConfigureAwait(false))!;
        return format switch
        {
            "csv" => TypedResults.File(ReportCsv.Render(report), "text/csv; charset=utf-8", report.FileStem + ".csv"),
            "html" => TypedResults.Content(ReportHtml.Render(report), "text/html; charset=utf-8"),
            _ => TypedResults.Ok(report),
        };
    }

    private static Results<Ok<IReadOnlyList<string>>, ForbidHttpResult> Archive(SignedIn me, ReportArchive archive) =>
        MayReport.Contains(me.Person.Role)
            ? TypedResults.Ok<IReadOnlyList<string>>([.. archive.Files().Select(f => f.Name).Where(name => Covers(me, name, archive))])
            : TypedResults.Forbid();

    private static Results<PhysicalFileHttpResult, NotFound> ArchivedFile(string name, SignedIn me, ReportArchive archive) =>
        MayReport.Contains(me.Person.Role) && archive.Files().FirstOrDefault(f => f.Name == name) is { } file && Covers(me, file.Name, archive)
            ? TypedResults.PhysicalFile(file.FullName, file.Extension == ".csv" ? "text/csv; charset=utf-8" : "text/html; charset=utf-8")
            : TypedResults.NotFound();

    /// <summary>Archived names are report-{place}-{label}.ext for a configured place: the person must cover that place.</summary>
    private static bool Covers(SignedIn me, string name, ReportArchive archive) =>
        archive.Places.FirstOrDefault(p => name.StartsWith($"report-{p}-", StringComparison.Ordinal)) is { } place
        && (me.IsAdmin || me.Site.Ancestry(place).Any(p => me.Person.Scopes.Contains(p.Id)));
}

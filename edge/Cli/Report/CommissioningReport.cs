using System.Globalization;
using System.Net;
using System.Text;
using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Localization;

namespace EdgeSecurity.Cli.Report;

/// <summary>A camera's snapshot with its zones for the report, or why there is none.</summary>
public sealed record CameraSnapshot(string CameraId, string? Name, byte[]? Jpeg, string? Problem);

/// <summary>
/// The commissioning report: one self-contained, printable HTML page (snapshots embedded as data: URIs, no scripts,
/// no external files), in the chosen language. What was not tested is shown as such, never left out.
/// </summary>
public static class CommissioningReport
{
    public static string Render(AgentConfig config, CommissioningRecord? record, IReadOnlyList<DeviceRow> devices, IReadOnlyList<CameraSnapshot> snapshots,
        DateTimeOffset generatedAt, Messages messages)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(messages);
        var html = new StringBuilder();
        string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        // The gateway's own time zone (its schedules' too): the report is read on site, not where the CLI's machine thinks it is.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(config.Gateway.TimeZone);
        string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="{{E(messages.Culture.Name)}}">
            <head>
            <meta charset="utf-8">
            <title>{{E(messages.ReportTitle)}} · {{E(config.Gateway.Id)}}</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #111; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #999; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
            th { background: #eee; }
            .passed { color: #060; } .missing { color: #a00; font-weight: bold; }
            figure { page-break-inside: avoid; margin: 1em 0; } img { max-width: 100%; border: 1px solid #999; }
            .signatures td { height: 5em; width: 50%; }
            @media print { body { margin: 1cm; } h2 { page-break-after: avoid; } }
            </style>
            </head>
            <body>
            <h1>{{E(messages.ReportTitle)}}</h1>
            <p>{{E(messages.ReportGenerated($"{Time(generatedAt)} ({config.Gateway.TimeZone})"))}}</p>
            <h2>{{E(messages.ReportGatewaySection)}}</h2>
            <table>
            <tr><th>{{E(messages.Gateway)}}</th><td>{{E(config.Gateway.Id)}}</td></tr>
            <tr><th>{{E(messages.ReportCommunity)}}</th><td>{{E(Named(config.Gateway.CommunityName, config.Gateway.Community))}}{{(config.Gateway.Grid is { } grid ? " · " + E(grid) : "")}}</td></tr>
            {{(config.Gateway.PlacePath is { } placePath ? $"<tr><th>{E(messages.ReportPlacePath)}</th><td>{E(placePath)}</td></tr>" : "")}}
            <tr><th>{{E(messages.Broker)}}</th><td>{{E(config.Broker.Host)}}:{{config.Broker.Port}}</td></tr>
            <tr><th>{{E(messages.ReportDeviceCount)}}</th><td>{{devices.Count}}</td></tr>
            </table>

            """);

        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(messages.ReportTestAlarmSection)}</h2>\n<p>");
        html.Append(record?.TestAlarm switch
        {
            null => $"<span class=\"missing\">{E(messages.ReportNotTested)}</span>",
            { Confirmed: true } alarm => $"<span class=\"passed\">{E(messages.ReportTestAlarmPassed(Time(alarm.At), alarm.RoundTripMilliseconds ?? 0, alarm.EventId.ToString()))}</span>",
            var alarm => $"<span class=\"missing\">{E(messages.ReportTestAlarmFailed(Time(alarm.At), alarm.TimeoutSeconds, alarm.EventId.ToString()))}</span>",
        });
        html.Append("</p>\n");

        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(messages.ReportWalkTestSection)}</h2>\n");
        if (record?.WalkTest is { } walk)
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(messages.ReportWalkSummary(Time(walk.StartedAt), walk.EndedAt is { } ended ? Time(ended) : "", walk.Outcome))}</p>\n");
        var tested = devices.Count(d => d.Fired is not null);
        html.Append(CultureInfo.InvariantCulture, $"<p>{E(messages.ReportWalkCount(tested, devices.Count))}</p>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<table>\n<tr><th>{E(messages.Device)}</th><th>{E(messages.Kind)}</th><th>{E(messages.ReportName)}</th><th>{E(messages.ReportPlaceColumn)}</th><th>{E(messages.ReportWiring)}</th><th>{E(messages.ReportResult)}</th></tr>\n");
        foreach (var device in devices)
        {
            var result = device.Fired is { } fired
                ? $"<span class=\"passed\">✔ {E(messages.Firing(fired.What))} · {E(Time(fired.FiredAt))}</span>"
                : $"<span class=\"missing\">{E(messages.ReportNotTested)}</span>";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr id=\"device-{E(device.Id)}\"><td>{E(device.Id)}</td><td>{E(messages.KindName(device.Kind))}</td><td>{E(device.Name)}</td><td>{E(device.Place)}</td><td>{E(device.Wiring)}</td><td>{result}</td></tr>\n");
        }
        html.Append("</table>\n");

        if (snapshots.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(messages.ReportCamerasSection)}</h2>\n");
            foreach (var snapshot in snapshots)
            {
                var caption = E(snapshot.Name is null ? snapshot.CameraId : $"{snapshot.CameraId} ({snapshot.Name})");
                html.Append(snapshot.Jpeg is { } jpeg
                    ? $"<figure id=\"camera-{E(snapshot.CameraId)}\"><img alt=\"{caption}\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(jpeg)}\"><figcaption>{caption}</figcaption></figure>\n"
                    : $"<figure id=\"camera-{E(snapshot.CameraId)}\"><p class=\"missing\">{E(messages.ReportSnapshotMissing(snapshot.Problem ?? ""))}</p><figcaption>{caption}</figcaption></figure>\n");
            }
        }

        html.Append(CultureInfo.InvariantCulture, $$"""
            <h2>{{E(messages.ReportSignaturesSection)}}</h2>
            <table class="signatures">
            <tr><th>{{E(messages.ReportInstaller)}}</th><th>{{E(messages.ReportPropertyCompany)}}</th></tr>
            <tr><td></td><td></td></tr>
            </table>
            </body>
            </html>

            """);
        return html.ToString();
    }

    /// <summary>"阳光花园社区 (cm-demo)": the name people know, with the id the hub and the logs use.</summary>
    private static string Named(string? name, string id) => name is null || name == id ? id : $"{name} ({id})";
}

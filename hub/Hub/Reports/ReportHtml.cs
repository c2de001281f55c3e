using System.Globalization;
using System.Net;
using System.Text;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Reports;

/// <summary>
/// The report as one printable HTML page, Chinese with English beside it, charts as inline SVG: no script, no
/// external file, so it can be mailed, archived and printed as it is.
/// </summary>
public static class ReportHtml
{
    private const int BarWidth = 360;

    public static string Render(IncidentReport report)
    {
        var zone = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <title>{{E(report.PlaceName)}} {{E(report.Label)}} 事件分析报告 · Incident report</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
            h1{font-size:1.5em} h2{font-size:1.15em;border-bottom:1px solid #ccc;margin-top:1.6em}
            table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
            .ok{color:#16794c} .bad{color:#b3261e;font-weight:bold} .en{color:#666;font-size:.9em}
            </style></head><body>
            <h1>{{E(report.PlaceName)}} 事件分析报告 <span class="en">Incident report</span></h1>
            <p>统计周期 <span class="en">Period</span>: <b>{{E(report.Label)}}</b> ({{report.From.ToString("u", zone)}} – {{report.To.ToString("u", zone)}} UTC) ·
            生成时间 <span class="en">Generated</span>: {{report.GeneratedAt.ToString("u", zone)}}</p>
            <p>事件 <span class="en">Incidents</span>: <b>{{report.Incidents}}</b> · 报警 <span class="en">Events</span>: <b>{{report.Events}}</b></p>
            """);

        Section(html, "按类型", "By type", report.ByType);
        Section(html, "按预警级别", "By warning level", report.ByLevel);
        Section(html, "按社区", "By community", report.ByPlace);

        html.Append("<h2>处置时效 <span class=\"en\">Response and resolution (minutes)</span></h2><table><tr><th></th><th>p50</th><th>p90</th><th>max</th><th>n</th></tr>");
        foreach (var (zh, en, s) in new[] { ("响应（首次确认）", "Response (first acknowledgement)", report.Response), ("办结（处置完毕或误报）", "Resolution (resolved or false alarm)", report.Resolution) })
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{zh} <span class=\"en\">{en}</span></td><td>{N(s.P50Minutes)}</td><td>{N(s.P90Minutes)}</td><td>{N(s.MaxMinutes)}</td><td>{s.Count}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>分级办结率 <span class=\"en\">Share closed off at or below each tier</span></h2><table><tr><th>层级 Tier</th><th>办结 Closed</th><th>累计占比 Share at or below</th></tr>");
        foreach (var s in report.ResolvedByTier)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{ReportCsv.TierZh(s.Tier)} <span class=\"en\">{s.Tier}</span></td><td>{s.Finished}</td><td>{s.ShareAtOrBelow:P1}</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"""
            </table>
            <p>目标 <span class="en">Targets</span>: 街镇及以下 ≥ 90% — {Verdict(report.MeetsStreetTarget)} · 县区及以下 ≥ 99% — {Verdict(report.MeetsCountyTarget)}</p>
            """);

        html.Append("<h2>误报率最高的设备 <span class=\"en\">Devices with the most false alarms</span></h2>");
        if (report.FalseAlarmsByDevice.Count == 0)
            html.Append("<p>无误报 <span class=\"en\">No false alarms</span></p>");
        else
        {
            html.Append("<table><tr><th>设备 Device</th><th>位置 Place</th><th>事件 Incidents</th><th>误报 False alarms</th><th>误报率 Rate</th></tr>");
            foreach (var d in report.FalseAlarmsByDevice)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(d.GatewayId)}/{E(d.DeviceId)}</td><td>{E(d.PlacePath)}</td><td>{d.Incidents}</td><td>{d.FalseAlarms}</td><td>{d.Rate:P0}</td></tr>");
            html.Append("</table>");
        }
        Section(html, "高发部位", "Top recurring places (events)", report.TopRecurringPlaces);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>A heading and a horizontal bar chart with the counts.</summary>
    private static void Section(StringBuilder html, string zh, string en, IReadOnlyList<CountRow> rows)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>{zh} <span class=\"en\">{en}</span></h2>");
        if (rows.Count == 0)
        {
            html.Append("<p>无 <span class=\"en\">None</span></p>");
            return;
        }
        var max = Math.Max(1, rows.Max(r => r.Count));
        const int rowHeight = 22;
        html.Append(CultureInfo.InvariantCulture, $"<svg width=\"{BarWidth + 330}\" height=\"{rows.Count * rowHeight + 4}\" role=\"img\" aria-label=\"{en}\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = i * rowHeight;
            var width = Math.Max(1, r.Count * BarWidth / max);
            var label = r.NameZh == r.NameEn ? r.NameZh : $"{r.NameZh} / {r.NameEn}";
            html.Append(CultureInfo.InvariantCulture,
                $"<text x=\"0\" y=\"{y + 15}\" font-size=\"12\">{E(Shorten(label))}</text><rect x=\"260\" y=\"{y + 3}\" width=\"{width}\" height=\"16\" fill=\"#3a6ea5\"/><text x=\"{265 + width}\" y=\"{y + 15}\" font-size=\"12\">{r.Count}</text>");
        }
        html.Append("</svg>");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..39] + "…";

    private static string Verdict(bool met) => met ? "<span class=\"ok\">达标 met</span>" : "<span class=\"bad\">未达标 missed</span>";

    private static string N(double? minutes) => minutes?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
